package org.hashify.plugin.lxc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class LxcConfigTest {

    @Test
    void readsTheNewKeyTheOldKeyAndKeepsTheLastOne() {
        assertEquals(Optional.of("dir:/var/lib/lxc/web/rootfs"),
                LxcConfig.rootfs("lxc.uts.name = web\nlxc.rootfs.path = dir:/var/lib/lxc/web/rootfs\n"));
        assertEquals(Optional.of("/srv/old"), LxcConfig.rootfs("lxc.rootfs=/srv/old"));
        assertEquals(Optional.of("/second"), LxcConfig.rootfs("lxc.rootfs = /first\n  lxc.rootfs.path\t=  /second  \n"));
    }

    @Test
    void ignoresCommentsSimilarKeysAndClearedValues() {
        assertEquals(Optional.empty(), LxcConfig.rootfs("# lxc.rootfs.path = /commented\n"));
        assertEquals(Optional.empty(), LxcConfig.rootfs("lxc.rootfs.mount = /mnt\nlxc.rootfs.options = idmap=x\n"));
        assertEquals(Optional.empty(), LxcConfig.rootfs("lxc.rootfs.path = /set\nlxc.rootfs.path =\n"));
        assertEquals(Optional.of("/with # hash"), LxcConfig.rootfs("lxc.rootfs.path = /with # hash\r\n"));
    }

    @Test
    void splitsBackendsAsLxcDoes() {
        assertEquals(new LxcRootfs("dir", "/srv/web"), LxcRootfs.parse("dir:/srv/web"));
        assertEquals(new LxcRootfs("dir", "/srv/a:b"), LxcRootfs.parse("/srv/a:b"));
        assertEquals(new LxcRootfs("btrfs", "/srv/web"), LxcRootfs.parse("btrfs:/srv/web"));
        assertEquals(new LxcRootfs("overlay", "/lower:/upper"), LxcRootfs.parse("overlay:/lower:/upper"));
        assertEquals(new LxcRootfs("zfs", "pool/web"), LxcRootfs.parse("zfs:pool/web"));
        assertEquals(new LxcRootfs("dir", "relative/path"), LxcRootfs.parse("relative/path"));
        assertTrue(LxcRootfs.parse("btrfs:/x").isDirectory());
        assertFalse(LxcRootfs.parse("lvm:/dev/vg/web").isDirectory());
        assertFalse(LxcRootfs.parse("loop:/srv/web.img").isDirectory());
    }

    @Test
    void readsTheStateWithAndWithoutHumanising() {
        assertEquals(Optional.of("RUNNING"), LxcState.of("State:          RUNNING\n"));
        assertEquals(Optional.of("STOPPED"), LxcState.of("STOPPED\n"));
        assertEquals(Optional.empty(), LxcState.of("web doesn't exist\n"));
    }
}

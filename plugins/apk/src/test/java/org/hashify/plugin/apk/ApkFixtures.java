package org.hashify.plugin.apk;

/**
 * Installed databases written to the documented format. apk-tools is not packaged for Debian, so no
 * real apk can build one here; these follow what apk writes (apk-package(5), a real Alpine
 * {@code lib/apk/db/installed}): fields a file cannot be told from are included to be skipped.
 */
final class ApkFixtures {

    private ApkFixtures() {}

    static final String INSTALLED = """
            C:Q1lyzpFJqXUc0Nb0ZPgb8MBwP0LFo=
            P:alpine-baselayout
            V:3.4.3-r1
            A:x86_64
            S:8515
            I:323584
            T:Alpine base dir structure and init scripts
            U:https://git.alpinelinux.org/cgit/aports/tree/main/alpine-baselayout
            L:GPL-2.0-only
            o:alpine-baselayout
            m:Natanael Copa <ncopa@alpinelinux.org>
            t:1686839264
            c:d4a0f1a4f0f4c54a93e2c4ba17b5e3e4b8f5f1d9
            D:alpine-baselayout-data=3.4.3-r1 /bin/sh
            q:1000
            F:dev
            F:etc
            R:motd
            Z:Q1XmduVVNURHQ27TvYp1Lr5TMtFcA=
            F:etc/crontabs
            R:root
            a:0:0:600
            Z:Q1vfk1apUWI4yLJGhhNRd0kJixfvY=
            F:etc/init.d
            R:local
            a:0:0:755
            Z:Q1XE3ZkQFbUrXPAEgUmKEvUKTn1wQ=
            F:etc/apk
            R:world
            F:sbin
            R:mkmntdirs
            a:0:0:755

            C:Q1MWxw0fjcPcjbLHLvH5DGj6SIK0I=
            P:busybox
            V:1.36.1-r2
            A:x86_64
            F:bin
            R:busybox
            F:etc/udhcpd
            R:udhcpd.conf
            F:usr/share/udhcpc
            R:default.script

            """;
}

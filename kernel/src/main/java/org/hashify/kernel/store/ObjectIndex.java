package org.hashify.kernel.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Objects by inode and by identity. One thread changes it; {@link #byInode} may be asked from
 * another at the same time (the walk of the next guest). The by-identity side is built on first
 * use: a run over unchanged guests only ever asks by inode.
 */
public final class ObjectIndex {
    private final Map<Long, ObjectRef> byInode = new ConcurrentHashMap<>();
    private Map<String, List<ObjectRef>> byIdentity; // null until twins or remove needs it

    public void add(ObjectRef ref) {
        byInode.put(ref.ino(), ref);
        if (byIdentity != null) {
            addByIdentity(ref);
        }
    }

    public void remove(ObjectRef ref) {
        byInode.remove(ref.ino());
        List<ObjectRef> list = identities().get(identityKey(ref.name()));
        if (list != null) {
            list.removeIf(r -> r.name().equals(ref.name()));
        }
    }

    /** The object whose inode this is; objects all live on the store's device. */
    public ObjectRef byInode(long ino) {
        return byInode.get(ino);
    }

    /** All twins of an identity, lowest twin number first. */
    public List<ObjectRef> twins(ObjectName name) {
        List<ObjectRef> list = identities().get(identityKey(name));
        if (list == null) {
            return List.of();
        }
        List<ObjectRef> sorted = new ArrayList<>(list);
        sorted.sort((a, b) -> Integer.compare(a.name().twin(), b.name().twin()));
        return sorted;
    }

    public int size() {
        return byInode.size();
    }

    public Collection<ObjectRef> all() {
        return Collections.unmodifiableCollection(byInode.values());
    }

    private Map<String, List<ObjectRef>> identities() {
        if (byIdentity == null) {
            byIdentity = new HashMap<>(byInode.size() * 2);
            for (ObjectRef ref : byInode.values()) {
                addByIdentity(ref);
            }
        }
        return byIdentity;
    }

    private void addByIdentity(ObjectRef ref) {
        byIdentity.computeIfAbsent(identityKey(ref.name()), k -> new ArrayList<>(1)).add(ref);
    }

    private static String identityKey(ObjectName n) {
        return n.contentHex() + n.metaKeyHex();
    }
}

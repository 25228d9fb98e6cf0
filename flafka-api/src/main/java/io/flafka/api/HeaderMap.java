package io.flafka.api;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The map behind {@link Event#headers()}: an event has a handful of headers, read by the same constant
 * names again and again, so they live in two arrays in insertion order and a lookup compares
 * references first, then cached hashes. (A {@code HashMap} made a table, a node per header and a resize
 * for the seventh; building and reading them was 10-25 % of the Kafka source, interceptor and sink
 * threads in the benchmark's scenario c.) A 64-bit filter of the keys' hashes answers most lookups of
 * an absent key without a scan: a sink asks for headers an event rarely has ({@code key}, a partition
 * header), and a source adds its headers with {@code putIfAbsent}. Past {@value #SMALL} headers it moves them into a
 * {@link LinkedHashMap} and delegates to it. Null keys and values are allowed, as in {@code HashMap}.
 * Not thread-safe, like {@code HashMap}.
 */
final class HeaderMap extends AbstractMap<String, String> {
    /** Most headers kept in the arrays. */
    static final int SMALL = 16;

    private String[] keys;
    private String[] values;
    private int[] hashes;
    private int size;
    private int modCount;
    /** One bit per key present ({@link #bit}); a clear bit means the key is absent. Small mode only. */
    private long filter;
    /**
     * Characters of every key and value, kept up to date as they change (small mode only): a channel
     * asks for every event's size, and adding up the lengths then read every string again, from another
     * thread's cache (9 % of the Kafka source's hand-off threads in the benchmark's scenario c).
     */
    private long chars;
    // non-null once there were more than SMALL headers: then every operation delegates to it
    private LinkedHashMap<String, String> large;
    private Set<Map.Entry<String, String>> entrySet;

    HeaderMap(int capacity) {
        int c = Math.max(1, Math.min(capacity, SMALL));
        keys = new String[c];
        values = new String[c];
        hashes = new int[c];
    }

    HeaderMap(Map<String, String> copy) {
        this(copy.size());
        copy.forEach(this::put);
    }

    private static int hash(Object key) {
        return key == null ? 0 : key.hashCode();
    }

    /** The filter bit of a hash (a shift by a long uses the low six bits of the count). */
    private static long bit(int h) {
        return 1L << (h ^ (h >>> 6) ^ (h >>> 12) ^ (h >>> 18) ^ (h >>> 24));
    }

    private int indexOf(Object key) {
        int h = hash(key);
        if ((filter & bit(h)) == 0) {
            return -1;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return i;
            }
        }
        if (key == null) {
            return -1;
        }
        for (int i = 0; i < size; i++) {
            if (hashes[i] == h && key.equals(keys[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return large != null ? large.size() : size;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public String get(Object key) {
        if (large != null) {
            return large.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public String put(String key, String value) {
        if (large != null) {
            return large.put(key, value);
        }
        int i = indexOf(key);
        if (i >= 0) {
            String old = values[i];
            values[i] = value;
            chars += length(value) - length(old);
            return old;
        }
        return append(key, value);
    }

    /** One lookup, where {@code Map}'s default would make two. */
    @Override
    public String putIfAbsent(String key, String value) {
        if (large != null) {
            return large.putIfAbsent(key, value);
        }
        int i = indexOf(key);
        if (i < 0) {
            return append(key, value);
        }
        String old = values[i];
        if (old == null) {
            values[i] = value;
            chars += length(value);
        }
        return old;
    }

    /** Adds a key known to be absent; returns null, as {@code put} does for a new key. */
    private String append(String key, String value) {
        if (size == SMALL) {
            moveToLarge();
            return large.put(key, value);
        }
        if (size == keys.length) {
            int c = Math.min(SMALL, size * 2);
            keys = Arrays.copyOf(keys, c);
            values = Arrays.copyOf(values, c);
            hashes = Arrays.copyOf(hashes, c);
        }
        int h = hash(key);
        keys[size] = key;
        values[size] = value;
        hashes[size] = h;
        filter |= bit(h);
        chars += length(key) + length(value);
        size++;
        modCount++;
        return null;
    }

    private void moveToLarge() {
        LinkedHashMap<String, String> m = new LinkedHashMap<>(SMALL * 4);
        for (int i = 0; i < size; i++) {
            m.put(keys[i], values[i]);
        }
        large = m;
        keys = null;
        values = null;
        hashes = null;
        size = 0;
        filter = 0;
        chars = 0;
        modCount++;
    }

    @Override
    public String remove(Object key) {
        if (large != null) {
            return large.remove(key);
        }
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        String old = values[i];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        chars -= length(keys[i]) + length(values[i]);
        int tail = size - i - 1;
        if (tail > 0) {
            System.arraycopy(keys, i + 1, keys, i, tail);
            System.arraycopy(values, i + 1, values, i, tail);
            System.arraycopy(hashes, i + 1, hashes, i, tail);
        }
        size--;
        keys[size] = null;
        values[size] = null;
        long f = 0;
        for (int j = 0; j < size; j++) {
            f |= bit(hashes[j]);
        }
        filter = f;
        modCount++;
    }

    @Override
    public void clear() {
        if (large != null) {
            large.clear();
            return;
        }
        Arrays.fill(keys, 0, size, null);
        Arrays.fill(values, 0, size, null);
        size = 0;
        filter = 0;
        chars = 0;
        modCount++;
    }

    /** Visits the headers in order without making an entry per header. */
    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        if (large != null) {
            large.forEach(action);
            return;
        }
        int expected = modCount;
        for (int i = 0; i < size && modCount == expected; i++) {
            action.accept(keys[i], values[i]);
        }
        if (modCount != expected) {
            throw new ConcurrentModificationException();
        }
    }

    /** Characters of every key and value (null counts as none), for {@link Event#sizeInBytes()}. */
    long chars() {
        if (large == null) {
            return chars;
        }
        long n = 0;
        for (Map.Entry<String, String> e : large.entrySet()) {
            n += length(e.getKey()) + length(e.getValue());
        }
        return n;
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        Set<Map.Entry<String, String>> es = entrySet;
        if (es == null) {
            es = new Entries();
            entrySet = es;
        }
        return es;
    }

    private final class Entries extends AbstractSet<Map.Entry<String, String>> {
        @Override
        public Iterator<Map.Entry<String, String>> iterator() {
            return large != null ? large.entrySet().iterator() : new SmallIterator();
        }

        @Override
        public int size() {
            return HeaderMap.this.size();
        }

        @Override
        public void clear() {
            HeaderMap.this.clear();
        }
    }

    private final class SmallIterator implements Iterator<Map.Entry<String, String>> {
        private int next;
        private int last = -1;
        private int expectedModCount = modCount;

        @Override
        public boolean hasNext() {
            // after a move to the large map, next() reports the change instead of ending the loop quietly
            return large != null || next < size;
        }

        @Override
        public Map.Entry<String, String> next() {
            checkForComodification();
            if (next >= size) {
                throw new NoSuchElementException();
            }
            last = next++;
            return new SmallEntry(last, expectedModCount);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            checkForComodification();
            removeAt(last);
            next = last;
            last = -1;
            expectedModCount = modCount;
        }

        private void checkForComodification() {
            if (modCount != expectedModCount || large != null) {
                throw new ConcurrentModificationException();
            }
        }
    }

    /** An entry of the arrays; valid until the map's next structural change. */
    private final class SmallEntry implements Map.Entry<String, String> {
        private final int index;
        private final int expectedModCount;

        SmallEntry(int index, int expectedModCount) {
            this.index = index;
            this.expectedModCount = expectedModCount;
        }

        private int checked() {
            if (modCount != expectedModCount || large != null) {
                throw new ConcurrentModificationException();
            }
            return index;
        }

        @Override
        public String getKey() {
            return keys[checked()];
        }

        @Override
        public String getValue() {
            return values[checked()];
        }

        @Override
        public String setValue(String value) {
            int i = checked();
            String old = values[i];
            values[i] = value;
            chars += length(value) - length(old);
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && Objects.equals(getKey(), e.getKey())
                    && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(getKey()) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}

package io.flafka.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HeaderMapTest {
    private static long chars(Map<String, String> m) {
        long n = 0;
        for (Map.Entry<String, String> e : m.entrySet()) {
            n += (e.getKey() == null ? 0 : e.getKey().length()) + (e.getValue() == null ? 0 : e.getValue().length());
        }
        return n;
    }

    @Test
    void behavesLikeALinkedHashMapUnderRandomOperations() {
        Random rnd = new Random(42);
        for (int round = 0; round < 300; round++) {
            HeaderMap m = new HeaderMap(1 + rnd.nextInt(8));
            Map<String, String> ref = new LinkedHashMap<>();
            int keySpace = 1 + rnd.nextInt(40);   // up to 40 keys: both the arrays and the large map
            for (int op = 0; op < 200; op++) {
                // new String(...) so that lookups also take the equals path, not only the identity one
                String k = rnd.nextInt(20) == 0 ? null : new String("h" + rnd.nextInt(keySpace));
                String v = rnd.nextInt(20) == 0 ? null : "v" + rnd.nextInt(1000);
                switch (rnd.nextInt(8)) {
                    case 0, 1, 2 -> assertThat(m.put(k, v)).isEqualTo(ref.put(k, v));
                    case 3 -> assertThat(m.remove(k)).isEqualTo(ref.remove(k));
                    case 4 -> assertThat(m.get(k)).isEqualTo(ref.get(k));
                    case 5 -> assertThat(m.containsKey(k)).isEqualTo(ref.containsKey(k));
                    case 6 -> assertThat(m.putIfAbsent(k, v)).isEqualTo(ref.putIfAbsent(k, v));
                    default -> {
                        if (rnd.nextInt(30) == 0) {
                            m.clear();
                            ref.clear();
                        }
                    }
                }
                assertThat(m.size()).isEqualTo(ref.size());
                assertThat(m.chars()).isEqualTo(chars(ref));   // kept up to date, not recounted
            }
            assertThat(m).isEqualTo(ref);
            assertThat(ref).isEqualTo(m);
            assertThat(m.hashCode()).isEqualTo(ref.hashCode());
            assertThat(new ArrayList<>(m.keySet())).containsExactlyElementsOf(ref.keySet());
            List<String> visited = new ArrayList<>();
            m.forEach((k, v) -> visited.add(k + "=" + v));
            List<String> expected = new ArrayList<>();
            ref.forEach((k, v) -> expected.add(k + "=" + v));
            assertThat(visited).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void entriesCanBeChangedAndRemovedThroughTheIterator() {
        HeaderMap m = new HeaderMap(2);
        for (int i = 0; i < 6; i++) {
            m.put("k" + i, "v" + i);
        }
        for (Map.Entry<String, String> e : m.entrySet()) {
            e.setValue(e.getValue().toUpperCase());
        }
        m.entrySet().removeIf(e -> e.getKey().equals("k1") || e.getKey().equals("k4"));
        m.keySet().remove("k5");
        m.values().remove("V0");
        assertThat(m).containsExactly(Map.entry("k2", "V2"), Map.entry("k3", "V3"));
        assertThat(m.toString()).isEqualTo("{k2=V2, k3=V3}");
        m.entrySet().iterator().next().setValue("longer");
        assertThat(m.chars()).isEqualTo(chars(m)).isEqualTo(2 + 6 + 2 + 2);
        for (int i = 0; i < 6; i++) {
            // lookups after removals through the iterator (the absent-key filter is rebuilt)
            assertThat(m.containsKey(new String("k" + i))).isEqualTo(i == 2 || i == 3);
        }
    }

    @Test
    void everyKeyOfAFullArrayIsFoundAndAbsentOnesAreNot() {
        HeaderMap m = new HeaderMap(4);
        for (int i = 0; i < HeaderMap.SMALL; i++) {
            assertThat(m.putIfAbsent("name" + i, "v" + i)).isNull();
        }
        for (int i = 0; i < HeaderMap.SMALL; i++) {
            assertThat(m.get(new String("name" + i))).isEqualTo("v" + i);
            assertThat(m.putIfAbsent("name" + i, "other")).isEqualTo("v" + i);
        }
        for (int i = HeaderMap.SMALL; i < 1000; i++) {
            assertThat(m.get("name" + i)).isNull();
        }
        m.put("nullValue", null);
        assertThat(m.putIfAbsent("nullValue", "set")).isNull();
        assertThat(m.get("nullValue")).isEqualTo("set");
    }

    @Test
    void aChangeWhileIteratingFailsFast() {
        HeaderMap m = new HeaderMap(new HashMap<>(Map.of("a", "1", "b", "2")));
        Iterator<String> it = m.keySet().iterator();
        it.next();
        m.put("c", "3");
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void growingPastTheArraysWhileIteratingFailsFast() {
        HeaderMap m = new HeaderMap(4);
        for (int i = 0; i < HeaderMap.SMALL; i++) {
            m.put("key-" + i, "v");
        }
        Iterator<Map.Entry<String, String>> it = m.entrySet().iterator();
        it.next();
        m.put("one-too-many", "v");
        assertThat(it.hasNext()).isTrue();
        assertThatThrownBy(it::next).isInstanceOf(ConcurrentModificationException.class);
    }

    @Test
    void manyHeadersMoveToALinkedHashMapInOrder() {
        HeaderMap m = new HeaderMap(4);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < HeaderMap.SMALL * 3; i++) {
            m.put("key-" + i, Integer.toString(i));
            order.add("key-" + i);
        }
        assertThat(m).hasSize(HeaderMap.SMALL * 3);
        assertThat(new ArrayList<>(m.keySet())).containsExactlyElementsOf(order);
        assertThat(m.get("key-" + (HeaderMap.SMALL + 3))).isEqualTo(Integer.toString(HeaderMap.SMALL + 3));
        m.entrySet().removeIf(e -> Integer.parseInt(e.getValue()) % 2 == 0);
        assertThat(m).hasSize(HeaderMap.SMALL * 3 / 2);
    }

    @Test
    void eventsUseItAndStillCompareWithPlainMaps() {
        Event e = Event.of(new byte[] {1}, Map.of("a", "1"));
        e.header("b", "2");
        assertThat(e.headers()).isInstanceOf(HeaderMap.class).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThat(e.sizeInBytes()).isEqualTo(1 + 2 * 4);
        assertThat(e).isEqualTo(Event.of(new byte[] {1}, new HashMap<>(Map.of("b", "2", "a", "1"))));
    }
}

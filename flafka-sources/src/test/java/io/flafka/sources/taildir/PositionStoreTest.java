package io.flafka.sources.taildir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PositionStoreTest {
    @TempDir
    Path dir;

    private static List<PositionStore.Entry> entries(int n, long pos) {
        List<PositionStore.Entry> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new PositionStore.Entry(100 + i, pos, "/var/log/app-" + i + ".log"));
        }
        return out;
    }

    @Test
    void inPlaceWritesPadAShorterContentAndStayReadable() throws Exception {
        Path file = dir.resolve("pos.json");
        try (PositionStore s = new PositionStore(file)) {
            s.saveInPlace(entries(3, 123_456_789L)); // no file yet: written and renamed
            long inode = TaildirSource.inodeOf(file);
            s.saveInPlace(entries(1, 7));
            assertThat(TaildirSource.inodeOf(file)).as("overwritten in place").isEqualTo(inode);
            String text = Files.readString(file);
            assertThat(text.strip()).isEqualTo("[{\"inode\":100,\"pos\":7,\"file\":\"/var/log/app-0.log\"}]");
            assertThat(new PositionStore(file).load()).containsOnlyKeys(100L);
            assertThat(new PositionStore(file).load().get(100L).pos()).isEqualTo(7);
            s.save(entries(2, 9)); // the periodic write compacts the padding
            assertThat(Files.readString(file)).doesNotEndWith(" ");
            s.saveInPlace(entries(2, 10));
            assertThat(new PositionStore(file).load().get(101L).pos()).isEqualTo(10);
        }
    }

    @Test
    void contentLargerThanAPageIsWrittenAndRenamed() throws Exception {
        Path file = dir.resolve("pos.json");
        try (PositionStore s = new PositionStore(file)) {
            s.saveInPlace(entries(1, 1));
            long inode = TaildirSource.inodeOf(file);
            s.saveInPlace(entries(200, 2));
            assertThat(Files.size(file)).isGreaterThan(PositionStore.PAGE);
            assertThat(TaildirSource.inodeOf(file)).isNotEqualTo(inode);
            assertThat(new PositionStore(file).load()).hasSize(200);
            s.saveInPlace(entries(1, 3)); // the file is beyond a page: renamed again, not padded
            assertThat(Files.size(file)).isLessThan(PositionStore.PAGE);
            assertThat(new PositionStore(file).load()).containsOnlyKeys(100L);
        }
    }
}

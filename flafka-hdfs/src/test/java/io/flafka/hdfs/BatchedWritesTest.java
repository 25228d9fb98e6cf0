package io.flafka.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import io.flafka.core.serialization.BodyTextSerializer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.GzipCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writers hand a batch to Hadoop's stream in one write, at the flush, and their files stay readable. */
class BatchedWritesTest {
    private final RecordingStream out = new RecordingStream();
    private final FSDataOutputStream file = new FSDataOutputStream(out, null);
    private final BufferPool pool = new BufferPool(1024, 1 << 20, 4 << 20);

    @Test
    void aDataStreamBatchIsOneWriteAtTheFlush() throws IOException {
        StreamWriter w = new StreamWriter(file, null, BodyTextSerializer.FACTORY, Map.of(), pool);
        append(w, "a", 500);
        assertThat(out.writes).isEmpty();
        w.flush();
        assertThat(out.writes).hasSize(1);
        append(w, "b", 300);
        w.flush();
        assertThat(out.writes).hasSize(2);
        // between batches the file holds no buffer
        assertThat(pool.retainedBytes()).isGreaterThan(0);
        w.close();
        List<String> want = new ArrayList<>(AbstractHdfsSinkTest.expected("a", 500));
        want.addAll(AbstractHdfsSinkTest.expected("b", 300));
        assertThat(out.bytes.toString(StandardCharsets.UTF_8).split("\n")).containsExactlyElementsOf(want);
    }

    @Test
    void aCompressedBatchCanBeReadBackAsSoonAsItIsFlushed() throws IOException {
        CompressionCodec gzip = SinkHarness.codec(GzipCodec.class);
        StreamWriter w = new StreamWriter(file, gzip, BodyTextSerializer.FACTORY, Map.of(), pool);
        append(w, "a", 200);
        w.flush();
        assertThat(decompress(gzip)).containsExactlyElementsOf(AbstractHdfsSinkTest.expected("a", 200));
        append(w, "b", 100);
        w.flush();
        List<String> want = new ArrayList<>(AbstractHdfsSinkTest.expected("a", 200));
        want.addAll(AbstractHdfsSinkTest.expected("b", 100));
        assertThat(decompress(gzip)).containsExactlyElementsOf(want);
        w.close();
        assertThat(decompress(gzip)).containsExactlyElementsOf(want);
    }

    @Test
    void aSequenceFileBatchIsOneWriteAtTheFlushAndReadsBack(@TempDir java.nio.file.Path tmp) throws IOException {
        SequenceFileWriter w = new SequenceFileWriter(new Configuration(), file, null, false, pool);
        // Hadoop's writer flushes its header at once
        int header = out.writes.size();
        append(w, "s", 400);
        assertThat(out.writes).hasSize(header);
        w.flush();
        assertThat(out.writes).hasSize(header + 1);
        append(w, "t", 100);
        w.flush();
        assertThat(out.writes).hasSize(header + 2);
        // what a reader sees of the open file after the second batch: every record of both
        java.nio.file.Path flushed = Files.write(tmp.resolve("flushed.seq"), out.bytes.toByteArray());
        List<String> want = new ArrayList<>(AbstractHdfsSinkTest.expected("s", 400));
        want.addAll(AbstractHdfsSinkTest.expected("t", 100));
        assertThat(readSequenceFile(flushed)).containsExactlyElementsOf(want);
        w.close();
        java.nio.file.Path closed = Files.write(tmp.resolve("closed.seq"), out.bytes.toByteArray());
        assertThat(readSequenceFile(closed)).containsExactlyElementsOf(want);
    }

    private static void append(HdfsWriter w, String prefix, int n) throws IOException {
        for (Event e : SinkHarness.bodies(prefix, n, Map.of("timestamp", "7"))) {
            w.append(e);
        }
    }

    private List<String> decompress(CompressionCodec codec) throws IOException {
        try (InputStream in = codec.createInputStream(new ByteArrayInputStream(out.bytes.toByteArray()))) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }

    private static List<String> readSequenceFile(java.nio.file.Path p) throws IOException {
        List<String> values = new ArrayList<>();
        try (SequenceFile.Reader r = new SequenceFile.Reader(new Configuration(),
                SequenceFile.Reader.file(new Path(p.toUri())))) {
            LongWritable key = new LongWritable();
            BytesWritable value = new BytesWritable();
            while (r.next(key, value)) {
                assertThat(key.get()).isEqualTo(7L);
                values.add(new String(value.copyBytes(), StandardCharsets.UTF_8));
            }
        }
        return values;
    }
}

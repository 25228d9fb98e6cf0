package io.flafka.hdfs;

import io.flafka.api.Event;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.testkit.SimpleTestChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.util.ReflectionUtils;

/** Builds an HDFS sink with a manual clock on a test channel, and reads its files back with Hadoop's readers. */
final class SinkHarness implements AutoCloseable {
    static final long T0 = 1_700_000_000_000L; // 2023-11-14T22:13:20Z

    final AtomicLong clock = new AtomicLong(T0);
    final SimpleTestChannel channel = new SimpleTestChannel(100_000, 10_000);
    final SinkCounter counter = new SinkCounter("k1");
    final HdfsSink sink;

    SinkHarness(Map<String, String> config) {
        Map<String, String> c = new HashMap<>(config);
        HdfsSinkSettings settings = HdfsSinkSettings.from(Config.parse(HdfsSinkKeys.CONFIG_DEF, c));
        sink = new HdfsSink("k1", settings, counter, clock::get, name -> switch (name.toLowerCase()) {
            case "localhost" -> "testhost";
            case "ip" -> "10.1.2.3";
            default -> "testhost.example.com";
        });
    }

    SinkHarness start() throws Exception {
        sink.start(channel);
        return this;
    }

    /** Puts the events and processes until the channel is empty. */
    void send(List<Event> events) throws Exception {
        channel.putAll(events);
        drain();
    }

    void drain() throws Exception {
        while (sink.process() == Status.READY) {
            // keep going
        }
    }

    static List<Event> bodies(String prefix, int n, Map<String, String> headers) {
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Event.of((prefix + i).getBytes(StandardCharsets.UTF_8), headers));
        }
        return out;
    }

    @Override
    public void close() {
        sink.stop();
    }

    /** Every file under {@code dir}, recursively, sorted by path. */
    static List<Path> files(FileSystem fs, Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(dir, true);
        while (it.hasNext()) {
            out.add(it.next().getPath());
        }
        out.sort(null);
        return out;
    }

    static List<String> names(List<Path> paths) {
        return paths.stream().map(Path::getName).toList();
    }

    static List<String> readLines(FileSystem fs, Path p, CompressionCodec codec) throws IOException {
        try (InputStream raw = fs.open(p); InputStream in = codec == null ? raw : codec.createInputStream(raw)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n")));
            if (text.isEmpty()) {
                lines.clear();
            }
            return lines;
        }
    }

    static CompressionCodec codec(Class<? extends CompressionCodec> type) {
        return ReflectionUtils.newInstance(type, new Configuration());
    }

    /** Key/value pairs of a SequenceFile, values as strings. */
    static List<Map.Entry<Long, String>> readSequenceFile(FileSystem fs, Path p) throws IOException {
        List<Map.Entry<Long, String>> out = new ArrayList<>();
        try (SequenceFile.Reader r = new SequenceFile.Reader(fs.getConf(),
                SequenceFile.Reader.file(fs.makeQualified(p)))) {
            LongWritable key = new LongWritable();
            Writable value = (Writable) ReflectionUtils.newInstance(r.getValueClass(), fs.getConf());
            while (r.next(key, value)) {
                String v = value instanceof BytesWritable b
                        ? new String(b.copyBytes(), StandardCharsets.UTF_8) : ((Text) value).toString();
                out.add(Map.entry(key.get(), v));
            }
        }
        return out;
    }

    static List<GenericRecord> readAvro(FileSystem fs, Path p) throws IOException {
        List<GenericRecord> out = new ArrayList<>();
        try (InputStream in = fs.open(p);
             DataFileStream<GenericRecord> s = new DataFileStream<>(in, new GenericDatumReader<>())) {
            s.forEach(out::add);
        }
        return out;
    }

    static String readAll(FileSystem fs, Path p) throws IOException {
        try (InputStream in = fs.open(p)) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    static long length(FileSystem fs, Path p) throws IOException {
        FileStatus s = fs.getFileStatus(p);
        return s.getLen();
    }
}

package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathsTest {
    @TempDir
    Path dir;

    @Test
    void entriesAreJarsDirectoriesOrWildcards() throws Exception {
        Files.createFile(dir.resolve("b.jar"));
        Files.createFile(dir.resolve("a.jar"));
        Files.createFile(dir.resolve("notes.txt"));
        List<URL> urls = new ArrayList<>();
        Classpaths.addEntry(dir + "/*", urls);
        Classpaths.addEntry(dir.resolve("classes").toString(), urls);
        assertThat(urls).extracting(URL::getPath).containsExactly(
                dir.resolve("a.jar").toUri().getPath(), dir.resolve("b.jar").toUri().getPath(),
                dir.resolve("classes").toUri().getPath());
    }

    @Test
    void noExtrasMeansTheApplicationLoader() {
        assertThat(Classpaths.componentLoader(List.of(), List.of(dir.resolve("missing"))))
                .isSameAs(Classpaths.class.getClassLoader());
    }
}

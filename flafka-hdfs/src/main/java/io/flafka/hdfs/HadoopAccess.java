package io.flafka.hdfs;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.security.SecurityUtil;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the file system a sink writes to: Hadoop's configuration (the class path's
 * core-site.xml/hdfs-site.xml, plus {@code $HADOOP_CONF_DIR} when set), the Kerberos login and proxy
 * user ({@code hdfs.kerberosPrincipal}, {@code hdfs.kerberosKeytab}, {@code hdfs.proxyUser}) through
 * {@link UserGroupInformation}, and for local paths always Hadoop's raw local file system, whose
 * {@code hflush} reaches the disk and which writes no {@code .crc} files.
 *
 * <p>Called on the lifecycle thread at start.
 */
final class HadoopAccess {
    private static final Logger LOG = LoggerFactory.getLogger(HadoopAccess.class);

    private HadoopAccess() {
    }

    /** Hadoop's configuration as the agent sees it. */
    static Configuration configuration() {
        Configuration conf = new Configuration();
        String dir = System.getenv("HADOOP_CONF_DIR");
        if (dir != null && !dir.isBlank()) {
            for (String name : new String[] {"core-site.xml", "hdfs-site.xml"}) {
                File f = new File(dir, name);
                if (f.isFile()) {
                    conf.addResource(new Path(f.toURI()));
                }
            }
        }
        return conf;
    }

    /**
     * A new (uncached) file system instance for {@code location}, owned by the caller, who closes it.
     *
     * @param location the static part of {@code hdfs.path} (its scheme and authority matter)
     */
    static FileSystem open(Configuration conf, String location, String principal, String keytab, String proxyUser)
            throws IOException, InterruptedException {
        URI uri = new Path(location).toUri();
        String scheme = uri.getScheme() != null ? uri.getScheme() : FileSystem.getDefaultUri(conf).getScheme();
        if ("file".equals(scheme)) {
            RawLocalFileSystem raw = new RawLocalFileSystem();
            raw.initialize(URI.create("file:///"), conf);
            return raw;
        }
        UserGroupInformation ugi = user(conf, principal, keytab, proxyUser);
        URI fsUri = uri.getScheme() != null ? uri : FileSystem.getDefaultUri(conf);
        if (ugi == null) {
            return FileSystem.newInstance(fsUri, conf);
        }
        return ugi.doAs((PrivilegedExceptionAction<FileSystem>) () -> FileSystem.newInstance(fsUri, conf));
    }

    private static UserGroupInformation user(Configuration conf, String principal, String keytab, String proxyUser)
            throws IOException {
        UserGroupInformation base = null;
        if (principal != null && !principal.isBlank()) {
            if (keytab == null || keytab.isBlank()) {
                throw new IOException("hdfs.kerberosPrincipal is set but hdfs.kerberosKeytab is not");
            }
            if (!new File(keytab).canRead()) {
                throw new IOException("hdfs.kerberosKeytab " + keytab + " is not a readable file");
            }
            conf.set("hadoop.security.authentication", "kerberos");
            UserGroupInformation.setConfiguration(conf);
            String resolved = SecurityUtil.getServerPrincipal(principal.trim(),
                    InetAddress.getLocalHost().getCanonicalHostName());
            LOG.info("Logging in to Kerberos as {}", resolved);
            // the process-wide login user, as Flume does: Hadoop's RPC client renews its ticket from the keytab
            UserGroupInformation current = UserGroupInformation.isSecurityEnabled()
                    && UserGroupInformation.isLoginKeytabBased() ? UserGroupInformation.getLoginUser() : null;
            if (current != null && !current.getUserName().equals(resolved)) {
                LOG.warn("Kerberos: this process is logged in as {}; logging in again as {} affects every HDFS "
                        + "sink (Hadoop has one login user per process)", current.getUserName(), resolved);
            }
            if (current == null || !current.getUserName().equals(resolved)) {
                UserGroupInformation.loginUserFromKeytab(resolved, keytab);
            }
            base = UserGroupInformation.getLoginUser();
        }
        if (proxyUser != null && !proxyUser.isBlank()) {
            UserGroupInformation real = base != null ? base : UserGroupInformation.getLoginUser();
            LOG.info("Writing to HDFS as proxy user {} (real user {})", proxyUser.trim(), real.getUserName());
            return UserGroupInformation.createProxyUser(proxyUser.trim(), real);
        }
        return base;
    }
}

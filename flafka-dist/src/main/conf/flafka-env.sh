# Sourced by bin/flafka when it starts (from the -c/--conf directory if given, else from $FLAFKA_HOME/conf).
# Uncomment and edit what you need.

# Java to use (otherwise $JAVA_HOME/bin/java, otherwise java on the PATH)
# export JAVA_HOME=/usr/lib/jvm/java-17-openjdk

# JVM options: heap, GC, remote JMX, ...
# export FLAFKA_JAVA_OPTS="-Xms512m -Xmx1g -XX:+UseG1GC"
# export FLAFKA_JAVA_OPTS="$FLAFKA_JAVA_OPTS -Dcom.sun.management.jmxremote -Dcom.sun.management.jmxremote.port=5445 \
#   -Dcom.sun.management.jmxremote.authenticate=false -Dcom.sun.management.jmxremote.ssl=false"

# Extra classpath entries (jars, directories, dir/*), appended after lib/
# FLAFKA_CLASSPATH="/opt/my-components/*"

# Where log files go (default: $FLAFKA_HOME/logs)
# FLAFKA_LOG_DIR=/var/log/flafka

/** The exec source: lines of a command's output, with no delivery guarantee (as in Flume). */
package io.flafka.sources.exec;

/** Small helpers shared by the sources of this module. */
package io.flafka.sources.support;

/**
 * The benchmark behind the command-line tool's {@code bench} command: a synthetic Doclea store and
 * side-by-side timings of our export and import against plain JDBC and raw disk writes.
 */
package ai.doclea.transfer.bench;

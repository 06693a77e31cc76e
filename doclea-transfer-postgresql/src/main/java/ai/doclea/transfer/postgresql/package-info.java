/**
 * The PostgreSQL storage adapter: one Doclea project per PostgreSQL schema, read through
 * snapshot transactions with server-side cursors and written in one transaction with {@code
 * COPY}. Select it with {@code postgresql://HOST[:PORT]/DB?user=...&password=...&schema=NAME}.
 */
package ai.doclea.transfer.postgresql;

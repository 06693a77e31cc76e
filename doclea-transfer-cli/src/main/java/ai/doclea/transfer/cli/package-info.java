/**
 * The {@code doclea-transfer} command-line tool: {@code export}, {@code import}, {@code verify},
 * {@code inspect} and {@code demo}, built on the public API only ({@link
 * ai.doclea.transfer.Transfer} and {@link ai.doclea.transfer.Providers}). Its main class is
 * {@link ai.doclea.transfer.cli.DocleaTransferCommand}; standard output carries one JSON result
 * per command, standard error carries everything meant for people.
 */
package ai.doclea.transfer.cli;

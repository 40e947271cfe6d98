/** The {@code client} command line: {@code register}, {@code encrypt} and {@code decrypt} over the client library. */
package dev.eaas.client.cli;

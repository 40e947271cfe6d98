/**
 * The {@code client} command line: {@code register}, {@code encrypt}, {@code decrypt} and {@code rewrap} over the
 * client library.
 */
package dev.eaas.client.cli;

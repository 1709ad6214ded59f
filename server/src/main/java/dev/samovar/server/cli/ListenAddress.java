package dev.samovar.server.cli;

import dev.samovar.engine.InvalidSettingException;

/**
 * Where {@code serve} listens.
 *
 * @param host the address; not empty
 * @param port 0 to 65535; 0 picks a free port
 */
record ListenAddress(String host, int port) {
  ListenAddress {
    InvalidSettingException.require(!host.isBlank(), "host", "must not be empty");
    InvalidSettingException.between("port", port, 0, 65535);
  }
}

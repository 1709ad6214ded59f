package dev.samovar.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;

/**
 * A streaming chat request over a raw HTTP/1.1 socket, so that a test decides when the client
 * leaves.
 */
final class RawStream {

  private RawStream() {}

  /** Sends {@code json} to {@code POST /v1/chat/completions}; the response is left unread. */
  static Socket open(int port, String json) throws Exception {
    Socket socket = new Socket("127.0.0.1", port);
    byte[] body = json.getBytes(UTF_8);
    OutputStream out = socket.getOutputStream();
    out.write(
        ("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(UTF_8));
    out.write(body);
    out.flush();
    return socket;
  }

  /**
   * The response read until {@code marker} appears. Each call reads through its own buffer and may
   * consume bytes past the marker, so a later call on the same socket only sees newer output.
   */
  static String readUntil(Socket socket, String marker) throws Exception {
    socket.setSoTimeout(5000);
    InputStreamReader in = new InputStreamReader(socket.getInputStream(), UTF_8);
    StringBuilder received = new StringBuilder();
    char[] buffer = new char[512];
    while (received.indexOf(marker) < 0) {
      int read = in.read(buffer);
      assertThat(read).as("stream ended before %s", marker).isPositive();
      received.append(buffer, 0, read);
    }
    return received.toString();
  }
}

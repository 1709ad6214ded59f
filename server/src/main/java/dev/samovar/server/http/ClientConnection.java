package dev.samovar.server.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * Whether the client of a request that is being answered is still there. The server does not read
 * the connection between the request's body and its answer, so Jetty learns of a client that left
 * only when it writes; this asks the socket: a read that finds the end of the stream means the
 * client closed it. An HTTP/1.1 client sends nothing more before the answer; should one pipeline
 * the next request, the byte read is lost, so its connection is closed after this answer.
 */
final class ClientConnection {
  private final EndPoint endPoint;
  private final HttpServletResponse response;
  private final ByteBuffer probe = ByteBuffer.allocate(1);
  private boolean sentMore;

  private ClientConnection(EndPoint endPoint, HttpServletResponse response) {
    this.endPoint = endPoint;
    this.response = response;
  }

  static ClientConnection of(HttpServletRequest request, HttpServletResponse response) {
    return new ClientConnection(
        ServletContextRequest.getServletContextRequest(request)
            .getConnectionMetaData()
            .getConnection()
            .getEndPoint(),
        response);
  }

  /** Whether the client has closed the connection (false where the socket cannot be asked). */
  boolean gone() {
    if (!endPoint.isOpen()) {
      return true;
    }
    if (sentMore || !(endPoint instanceof SocketChannelEndPoint socket)) {
      return false;
    }
    SocketChannel channel = socket.getChannel();
    if (channel.isBlocking()) {
      return false;
    }
    try {
      probe.clear();
      int read = channel.read(probe);
      if (read > 0) {
        sentMore = true;
        if (!response.isCommitted()) {
          response.setHeader("Connection", "close");
        }
      }
      return read < 0;
    } catch (IOException e) {
      return true;
    }
  }
}

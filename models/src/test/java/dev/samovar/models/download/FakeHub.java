package dev.samovar.models.download;

import dev.samovar.models.catalog.HubFile;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Hugging Face hub on a free local port, as the downloader sees the real one: {@code HEAD} or
 * {@code GET /{owner}/{repo}/resolve/{revision}/{file}} answers 302 with {@code X-Linked-Etag},
 * {@code X-Linked-Size} and {@code X-Repo-Commit} and a redirect to a "CDN" on another origin
 * ({@code localhost} instead of {@code 127.0.0.1}) that serves the bytes with {@code Range}
 * support. Faults can be switched on: a required token, connections dropped or stalled mid-file, a
 * slow transfer, a server that ignores {@code Range}, a wrong advertised hash.
 */
public final class FakeHub implements AutoCloseable {
  /** The commit every file is served from. */
  public static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  private final Map<String, Hosted> files = new ConcurrentHashMap<>();
  private final Map<String, Hosted> bySha = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger drops = new AtomicInteger();
  private final AtomicInteger stalls = new AtomicInteger();
  private final Javalin app;

  /** The threads writing a file now; a client that stopped reading leaves one blocked. */
  private final Set<Thread> serving = ConcurrentHashMap.newKeySet();

  private volatile String token;
  private volatile long dropAfter;
  private volatile long stallAfter;
  private volatile Duration stall = Duration.ZERO;
  private volatile int chunk = 1 << 16;
  private volatile Duration pause = Duration.ZERO;
  private volatile boolean ignoreRange;

  /**
   * A request the hub saw.
   *
   * @param method HEAD or GET
   * @param host the Host header's host: 127.0.0.1 for the hub, localhost for the CDN
   * @param path the path
   * @param range the Range header, or null
   * @param authorization the Authorization header, or null
   */
  public record Request(
      String method, String host, String path, String range, String authorization) {}

  private record Hosted(byte[] content, String advertisedSha256) {}

  private FakeHub() {
    app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.startup.showOldJavalinVersionWarning = false;
              config.http.compressionStrategy = CompressionStrategy.NONE;
              config.routes.head("/{owner}/{repo}/resolve/{revision}/<file>", this::resolve);
              config.routes.get("/{owner}/{repo}/resolve/{revision}/<file>", this::resolve);
              config.routes.get("/cdn/{sha}", this::serve);
            });
    app.start("127.0.0.1", 0);
  }

  /** A started hub. */
  public static FakeHub start() {
    return new FakeHub();
  }

  /** The base URL, for HF_ENDPOINT. */
  public String endpoint() {
    return "http://127.0.0.1:" + app.port();
  }

  /** Serves {@code content} as {@code file} with its true SHA-256. */
  public String host(HubFile file, byte[] content) {
    String sha = sha256(content);
    host(file, content, sha);
    return sha;
  }

  /** Serves {@code content} as {@code file}, advertising {@code sha256} as its hash. */
  public void host(HubFile file, byte[] content, String sha256) {
    Hosted hosted = new Hosted(content.clone(), sha256);
    files.put(key(file.repo(), file.revision(), file.file()), hosted);
    bySha.put(sha256, hosted);
  }

  /** Answers 401 without {@code Authorization: Bearer <token>}, 403 with another token. */
  public void requireToken(String token) {
    this.token = token;
  }

  /** The next {@code times} transfers close the connection after {@code bytes} bytes. */
  public void dropAfter(long bytes, int times) {
    dropAfter = bytes;
    drops.set(times);
  }

  /** The next {@code times} transfers stop sending for {@code stall} after {@code bytes} bytes. */
  public void stallAfter(long bytes, Duration stall, int times) {
    stallAfter = bytes;
    this.stall = stall;
    stalls.set(times);
  }

  /** Transfers send {@code chunk} bytes, then wait {@code pause}, and so on. */
  public void throttle(int chunk, Duration pause) {
    this.chunk = chunk;
    this.pause = pause;
  }

  /** Range requests get the whole file with 200. */
  public void ignoreRange() {
    ignoreRange = true;
  }

  /** The requests so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The GET requests to the CDN so far. */
  public List<Request> transfers() {
    return requests.stream().filter(r -> r.path().startsWith("/cdn/")).toList();
  }

  /**
   * Stops the server. Writers blocked on a client that stopped reading are interrupted first:
   * Jetty's stop would otherwise wait for them while they wait for the connection it closes.
   */
  @Override
  public void close() {
    serving.forEach(Thread::interrupt);
    app.stop();
  }

  private void record(Context ctx) {
    requests.add(
        new Request(
            ctx.method().name(),
            ctx.req().getServerName(),
            ctx.path(),
            ctx.header("Range"),
            ctx.header("Authorization")));
  }

  private void resolve(Context ctx) {
    record(ctx);
    String required = token;
    if (required != null) {
      String sent = ctx.header("Authorization");
      if (sent == null) {
        ctx.status(401).header("X-Error-Code", "GatedRepo");
        return;
      }
      if (!sent.equals("Bearer " + required)) {
        ctx.status(403);
        return;
      }
    }
    Hosted hosted =
        files.get(
            key(
                ctx.pathParam("owner") + "/" + ctx.pathParam("repo"),
                ctx.pathParam("revision"),
                ctx.pathParam("file")));
    if (hosted == null) {
      ctx.status(404).header("X-Error-Code", "EntryNotFound");
      return;
    }
    ctx.status(302)
        .header("Location", "http://localhost:" + app.port() + "/cdn/" + hosted.advertisedSha256())
        .header("X-Linked-Etag", "\"" + hosted.advertisedSha256() + "\"")
        .header("X-Linked-Size", String.valueOf(hosted.content().length))
        .header("X-Repo-Commit", COMMIT)
        .header("ETag", "W/\"0000000000000000000000000000000000000000\"");
  }

  /** Sleeps; false when the server is stopping. */
  private static boolean pause(Duration duration) {
    try {
      Thread.sleep(duration);
      return true;
    } catch (InterruptedException stopping) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private void serve(Context ctx) throws IOException {
    serving.add(Thread.currentThread());
    try {
      transfer(ctx);
    } finally {
      serving.remove(Thread.currentThread());
    }
  }

  private void transfer(Context ctx) throws IOException {
    record(ctx);
    Hosted hosted = bySha.get(ctx.pathParam("sha"));
    if (hosted == null) {
      ctx.status(404);
      return;
    }
    byte[] content = hosted.content();
    int from = 0;
    String range = ctx.header("Range");
    if (range != null && !ignoreRange) {
      Matcher matcher = RANGE.matcher(range);
      if (!matcher.matches()) {
        ctx.status(400);
        return;
      }
      long start = Long.parseLong(matcher.group(1));
      if (start >= content.length) {
        ctx.status(416).header("Content-Range", "bytes */" + content.length);
        return;
      }
      from = (int) start;
      ctx.status(206)
          .header(
              "Content-Range", "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
    } else {
      ctx.status(200);
    }
    ctx.res().setContentLengthLong(content.length - from);
    ctx.res().setContentType("application/octet-stream");
    long dropAt = drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? dropAfter : Long.MAX_VALUE;
    long stallAt = stalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? stallAfter : Long.MAX_VALUE;
    ServletOutputStream out = ctx.res().getOutputStream();
    int at = from;
    while (at < content.length) {
      long limit = Math.min(content.length, Math.min(dropAt, stallAt));
      if (at >= limit) {
        out.flush();
        if (stallAt <= dropAt) {
          pause(stall);
        }
        // ending the handler with fewer bytes than Content-Length makes Jetty abort the connection
        return;
      }
      int n = (int) Math.min(chunk, limit - at);
      out.write(content, at, n);
      out.flush();
      at += n;
      if (!pause.isZero() && !pause(pause)) {
        return;
      }
    }
  }

  private static String key(String repo, String revision, String file) {
    return repo + "@" + revision + "/" + file;
  }

  /** The SHA-256 of {@code content} in lowercase hex. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

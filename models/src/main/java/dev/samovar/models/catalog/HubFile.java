package dev.samovar.models.catalog;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A file in a Hugging Face repository at a revision, written on the command line as {@code
 * hf://owner/repo/path/to/file.gguf} (revision {@value #DEFAULT_REVISION}).
 *
 * @param repo {@code owner/name}
 * @param revision a commit, branch or tag
 * @param file the path of the file inside the repository
 */
public record HubFile(String repo, String revision, String file) {
  /** The prefix of a hub file on the command line. */
  public static final String SCHEME = "hf://";

  /** The revision of a file given as {@code hf://...}. */
  public static final String DEFAULT_REVISION = "main";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");

  public HubFile {
    Objects.requireNonNull(repo, "repo");
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(file, "file");
    String[] owner = repo.split("/", -1);
    if (owner.length != 2 || !NAME.matcher(owner[0]).matches() || !validName(owner[1])) {
      throw new IllegalArgumentException("repository '" + repo + "' is not of the form owner/name");
    }
    if (revision.isBlank() || revision.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("revision '" + revision + "' is empty or has spaces");
    }
    for (String segment : file.split("/", -1)) {
      if (segment.isEmpty()
          || segment.equals(".")
          || segment.equals("..")
          || segment.contains("\\")
          || segment.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "file '" + file + "' is not a relative path inside the repository");
      }
    }
  }

  private static boolean validName(String name) {
    return NAME.matcher(name).matches() && !name.endsWith(".") && !name.contains("..");
  }

  /**
   * The hub file an {@code hf://owner/repo/path/to/file.gguf} value names, at revision {@value
   * #DEFAULT_REVISION}.
   *
   * @throws IllegalArgumentException when the value is not of that form
   */
  public static HubFile parse(String uri) {
    if (!uri.startsWith(SCHEME)) {
      throw new IllegalArgumentException("'" + uri + "' does not start with " + SCHEME);
    }
    String rest = uri.substring(SCHEME.length());
    int ownerEnd = rest.indexOf('/');
    int repoEnd = ownerEnd < 0 ? -1 : rest.indexOf('/', ownerEnd + 1);
    if (repoEnd < 0 || repoEnd == rest.length() - 1) {
      throw new IllegalArgumentException(
          "'" + uri + "' is not of the form " + SCHEME + "owner/repo/file.gguf");
    }
    try {
      return new HubFile(rest.substring(0, repoEnd), DEFAULT_REVISION, rest.substring(repoEnd + 1));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + uri + "': " + e.getMessage(), e);
    }
  }

  /** Whether the revision is a full commit hash, so that the file cannot change. */
  public boolean pinned() {
    return COMMIT.matcher(revision).matches();
  }

  /** The last segment of {@link #file}. */
  public String fileName() {
    return file.substring(file.lastIndexOf('/') + 1);
  }

  /** {@code hf://owner/repo/file}, without the revision. */
  public String uri() {
    return SCHEME + repo + "/" + file;
  }

  @Override
  public String toString() {
    return repo + "@" + revision + "/" + file;
  }
}

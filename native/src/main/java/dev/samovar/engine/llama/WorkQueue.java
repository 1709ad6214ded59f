package dev.samovar.engine.llama;

import dev.samovar.engine.EngineException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Generations waiting for a sequence, in submission order, and the signals that wake the engine
 * thread: new work, a cancellation, closing.
 */
final class WorkQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Generation> waiting = new ArrayDeque<>();
  private final AtomicBoolean cancellations = new AtomicBoolean();
  private boolean woken;
  private volatile boolean closed;

  /**
   * @throws EngineException when the queue is closed
   */
  void add(Generation generation) {
    lock.lock();
    try {
      if (closed) {
        throw new EngineException("the engine is closed");
      }
      waiting.add(generation);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The oldest waiting generation, or null. */
  Generation poll() {
    lock.lock();
    try {
      return waiting.poll();
    } finally {
      lock.unlock();
    }
  }

  /** How many generations wait. */
  int size() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  /** Notes that some generation was cancelled, and wakes the engine thread. */
  void cancellationRequested() {
    cancellations.set(true);
    lock.lock();
    try {
      woken = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Whether a cancellation was requested since the last call. */
  boolean takeCancellations() {
    return cancellations.getAndSet(false);
  }

  /** Removes and returns the waiting generations that were cancelled. */
  List<Generation> removeCancelled() {
    lock.lock();
    try {
      List<Generation> removed = new ArrayList<>();
      for (Iterator<Generation> it = waiting.iterator(); it.hasNext(); ) {
        Generation generation = it.next();
        if (generation.cancelled()) {
          it.remove();
          removed.add(generation);
        }
      }
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until a generation waits, a cancellation is requested or the queue is closed. */
  void awaitWork() {
    lock.lock();
    try {
      while (waiting.isEmpty() && !woken && !closed) {
        changed.awaitUninterruptibly();
      }
      woken = false;
    } finally {
      lock.unlock();
    }
  }

  /** Refuses new generations from now on and wakes the engine thread. */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  boolean closed() {
    return closed;
  }

  /** Removes and returns every waiting generation. */
  List<Generation> drain() {
    lock.lock();
    try {
      List<Generation> drained = new ArrayList<>(waiting);
      waiting.clear();
      return drained;
    } finally {
      lock.unlock();
    }
  }
}

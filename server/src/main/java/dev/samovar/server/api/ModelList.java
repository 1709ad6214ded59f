package dev.samovar.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.samovar.engine.BackendInfo;
import dev.samovar.engine.GpuDevice;
import java.util.List;

/** The {@code GET /v1/models} answer. */
public record ModelList(String object, List<Model> data) {

  public ModelList {
    data = List.copyOf(data);
  }

  /**
   * One served model id, also the {@code GET /v1/models/{id}} answer. Extensions: {@code backend}
   * ({@code cpu} or {@code cuda}), {@code gpu_layers} and {@code devices} (the GPUs the library
   * sees), absent when the backend is not known.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Model(
      String id,
      String object,
      long created,
      String ownedBy,
      String backend,
      Integer gpuLayers,
      List<Device> devices) {

    /** The model object of {@code id}, created at {@code created} (unix seconds). */
    public static Model of(String id, long created) {
      return of(id, created, null);
    }

    /** The model object of {@code id} running on {@code backend} (null when not known). */
    public static Model of(String id, long created, BackendInfo backend) {
      if (backend == null) {
        return new Model(id, "model", created, "samovar", null, null, null);
      }
      return new Model(
          id,
          "model",
          created,
          "samovar",
          backend.backend().label(),
          backend.gpuLayers(),
          backend.devices().stream().map(Device::of).toList());
    }
  }

  /** A GPU: its index, names and memory in bytes when the model was loaded. */
  public record Device(
      int index, String name, String description, long memoryFree, long memoryTotal) {
    static Device of(GpuDevice gpu) {
      return new Device(
          gpu.index(), gpu.name(), gpu.description(), gpu.freeBytes(), gpu.totalBytes());
    }
  }

  /** The list of {@code ids}, all created at {@code created} (unix seconds). */
  public static ModelList of(List<String> ids, long created) {
    return of(ids, created, null);
  }

  /** The list of {@code ids} running on {@code backend} (null when not known). */
  public static ModelList of(List<String> ids, long created, BackendInfo backend) {
    return new ModelList("list", ids.stream().map(id -> Model.of(id, created, backend)).toList());
  }
}

# syntax=docker/dockerfile:1
# samovar images. The CPU stages (the default target) live in this same file; the two stages below
# build and run the CUDA image:
#   docker build --target cuda -t samovar:cuda .
#   docker run --gpus all -p 8080:8080 -v samovar-models:/models samovar:cuda \
#     serve --host 0.0.0.0 --gpu-layers all
# `cuda-build` compiles the CUDA build of the native library with native/cuda/build-cuda.sh (sources
# fetched from their upstream release archives at build time) and the samovar jars; `cuda` is the
# CUDA runtime image that serves with --backend cuda. Both stages stand alone.

ARG CUDA_VERSION=12.4.1
ARG CUDA_UBUNTU=ubuntu22.04

FROM nvidia/cuda:${CUDA_VERSION}-devel-${CUDA_UBUNTU} AS cuda-build
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl git cmake make g++ binutils \
 && rm -rf /var/lib/apt/lists/*
COPY --from=eclipse-temurin:25-jdk /opt/java/openjdk /opt/java/openjdk
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH
WORKDIR /src
COPY native/cuda/build-cuda.sh native/cuda/build-cuda.sh
ARG CUDA_ARCHITECTURES="80;86;89;90"
RUN CUDA_ARCHITECTURES="${CUDA_ARCHITECTURES}" native/cuda/build-cuda.sh /opt/samovar/cuda
COPY . .
RUN ./mvnw -B -q -ntp -DskipTests package \
 && mkdir -p /opt/samovar \
 && cp server/target/samovar-server.jar /opt/samovar/ \
 && cp -r server/target/lib /opt/samovar/lib

FROM nvidia/cuda:${CUDA_VERSION}-runtime-${CUDA_UBUNTU} AS cuda
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=eclipse-temurin:25-jre /opt/java/openjdk /opt/java/openjdk
COPY --from=cuda-build /opt/samovar /opt/samovar
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    SAMOVAR_BACKEND=cuda \
    SAMOVAR_CUDA_LIB=/opt/samovar/cuda \
    XDG_CACHE_HOME=/models
VOLUME /models
EXPOSE 8080
HEALTHCHECK --interval=30s --start-period=10m CMD curl -fs http://127.0.0.1:8080/health || exit 1
ENTRYPOINT ["java", "-jar", "/opt/samovar/samovar-server.jar"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]

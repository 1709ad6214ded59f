# samovar container images.
#   CPU (the default target, so its stage comes last): docker build -t samovar .
#   CUDA: docker build --target cuda -t samovar:cuda .
#         docker run --gpus all -p 8080:8080 -v samovar-models:/models samovar:cuda serve --gpu-layers all
# Stages: build (JDK 25 + the Maven wrapper: the jars), cuda-build (the CUDA build of the native
# library, native/cuda/build-cuda.sh, sources fetched from their upstream release archives at build
# time), cuda (CUDA runtime image, --backend cuda), cpu (JRE 25 runtime, the default).

ARG CUDA_VERSION=12.4.1
ARG CUDA_UBUNTU=ubuntu22.04

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -Dsamovar.launcher -pl server -am package

FROM nvidia/cuda:${CUDA_VERSION}-devel-${CUDA_UBUNTU} AS cuda-build
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl git cmake make g++ binutils \
 && rm -rf /var/lib/apt/lists/*
COPY --from=eclipse-temurin:25-jdk /opt/java/openjdk /opt/java/openjdk
WORKDIR /src
COPY native/cuda/build-cuda.sh native/cuda/build-cuda.sh
ARG CUDA_ARCHITECTURES="80;86;89;90"
RUN JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:$PATH \
    CUDA_ARCHITECTURES="${CUDA_ARCHITECTURES}" native/cuda/build-cuda.sh /opt/samovar/cuda

FROM nvidia/cuda:${CUDA_VERSION}-runtime-${CUDA_UBUNTU} AS cuda
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/samovar samovar \
 && mkdir -p /models \
 && chown samovar /models
COPY --from=eclipse-temurin:25-jre /opt/java/openjdk /opt/java/openjdk
COPY --from=cuda-build /opt/samovar/cuda /opt/samovar/cuda
COPY --from=build /src/server/target/samovar-server.jar /app/samovar-server.jar
COPY --from=build /src/server/target/lib /app/lib
USER samovar
ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:$PATH \
    SAMOVAR_BACKEND=cuda \
    SAMOVAR_CUDA_LIB=/opt/samovar/cuda \
    SAMOVAR_HOST=0.0.0.0 \
    SAMOVAR_PORT=8080 \
    SAMOVAR_MODELS_DIR=/models
VOLUME /models
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=15m --retries=3 \
    CMD ["java", "-jar", "/app/samovar-server.jar", "health"]
ENTRYPOINT ["java", "-jar", "/app/samovar-server.jar"]
CMD ["serve"]

FROM eclipse-temurin:25-jre AS cpu
RUN useradd --system --uid 10001 --create-home --home-dir /home/samovar samovar \
    && mkdir -p /models \
    && chown samovar /models
COPY --from=build /src/server/target/samovar-server.jar /app/samovar-server.jar
COPY --from=build /src/server/target/lib /app/lib
USER samovar
# Every serve setting can be given as SAMOVAR_<OPTION> (see samovar serve --help).
ENV SAMOVAR_HOST=0.0.0.0 \
    SAMOVAR_PORT=8080 \
    SAMOVAR_MODELS_DIR=/models
VOLUME /models
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=15m --retries=3 \
    CMD ["java", "-jar", "/app/samovar-server.jar", "health"]
ENTRYPOINT ["java", "-jar", "/app/samovar-server.jar"]
CMD ["serve"]

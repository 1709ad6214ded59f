# samovar container images.
#   CPU (the default target, so its stage comes last): docker build -t samovar .
#   CUDA: docker build --target cuda -t samovar:cuda .
#         docker run --gpus all -p 8080:8080 -v samovar-models:/models -e SAMOVAR_API_KEYS=KEY samovar:cuda serve --gpu-layers all
# Stages: build (JDK 25 + the Maven wrapper: the jars), cuda-build (the CUDA build of the native
# library, native/cuda/build-cuda.sh, sources fetched from their upstream release archives at build
# time), cuda (CUDA runtime image, --backend cuda), cpu (JRE 25 runtime, the default).

ARG CUDA_VERSION=12.4.1
ARG CUDA_UBUNTU=ubuntu22.04

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -Dsamovar.launcher -pl server -am package
# The native libraries inside the binding's jar, for the runtime stages' load check.
RUN mkdir -p /src/native-libs \
 && cd /src/native-libs \
 && jar xf /src/server/target/lib/llama-*.jar de/kherud/llama/Linux

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
 && apt-get install -y --no-install-recommends libgomp1 libstdc++6 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/samovar samovar \
 && mkdir -p /models \
 && chown samovar /models
COPY --from=eclipse-temurin:25-jre /opt/java/openjdk /opt/java/openjdk
COPY --from=cuda-build /opt/samovar/cuda /opt/samovar/cuda
# A library missing from this image fails the build here (the driver brings libcuda at run time).
COPY scripts/check-native-libs.sh /usr/local/bin/check-native-libs
RUN --mount=type=bind,from=build,source=/src/native-libs,target=/tmp/native-libs \
    check-native-libs --provided libcuda.so.1 /opt/samovar/cuda "/tmp/native-libs/de/kherud/llama/Linux/$(uname -m)"
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
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 libstdc++6 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/samovar samovar \
 && mkdir -p /models \
 && chown samovar /models
# A library missing from this image fails the build here, not the first request.
COPY scripts/check-native-libs.sh /usr/local/bin/check-native-libs
RUN --mount=type=bind,from=build,source=/src/native-libs,target=/tmp/native-libs \
    check-native-libs "/tmp/native-libs/de/kherud/llama/Linux/$(uname -m)"
COPY --from=build /src/server/target/samovar-server.jar /app/samovar-server.jar
COPY --from=build /src/server/target/lib /app/lib
USER samovar
# Every serve setting can be given as SAMOVAR_<OPTION> (see samovar serve --help). Listening on
# 0.0.0.0 needs API keys (SAMOVAR_API_KEYS) or SAMOVAR_ALLOW_UNAUTHENTICATED=1.
ENV SAMOVAR_HOST=0.0.0.0 \
    SAMOVAR_PORT=8080 \
    SAMOVAR_MODELS_DIR=/models
VOLUME /models
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=15m --retries=3 \
    CMD ["java", "-jar", "/app/samovar-server.jar", "health"]
ENTRYPOINT ["java", "-jar", "/app/samovar-server.jar"]
CMD ["serve"]

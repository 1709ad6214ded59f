# samovar container images.
#   CPU (the default target, so its stage comes last): docker build -t samovar .
#   CUDA: docker build --target cuda -t samovar:cuda .
#         docker run --gpus all -p 8080:8080 -v samovar-models:/models -e SAMOVAR_API_KEYS=KEY samovar:cuda serve --gpu-layers all
#   CUDA with native sm_90 code built from source (H100/H200; slow to build):
#         docker build --target cuda --build-arg CUDA_LIBS=cuda-source -t samovar:cuda .
# Stages: build (JDK 25 + the Maven wrapper + npm: the jars, with llama.cpp v0.5.0's CPU libraries in
# the native jar), cuda-npm (llama.cpp v0.5.0's prebuilt CUDA libraries, native/llama-cpp/
# install-cuda.sh) or cuda-source (the same release built with native/cuda/build-cuda.sh), cuda (CUDA
# 13 runtime image, --backend cuda), cpu (JRE 25 runtime, the default).

ARG CUDA_VERSION=13.0.1
ARG CUDA_UBUNTU=ubuntu22.04
ARG CUDA_LIBS=cuda-npm

FROM eclipse-temurin:25-jdk AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -Dsamovar.launcher -pl server -am package
# The native libraries the runtime stages load, for their load check: b4916 inside the binding's jar,
# v0.5.0 inside samovar's native jar.
RUN mkdir -p /src/native-libs/llama-cpp \
 && cd /src/native-libs \
 && jar xf /src/server/target/lib/llama-*.jar de/kherud/llama/Linux \
 && jar xf /src/server/target/lib/samovar-native-*.jar dev/samovar/engine/llama/linux-x64.tgz \
 && tar -xzf dev/samovar/engine/llama/linux-x64.tgz -C llama-cpp --strip-components=3 --wildcards 'package/bins/linux-x64/lib*.so'

FROM build AS cuda-npm
RUN native/llama-cpp/install-cuda.sh /opt/samovar/cuda

FROM nvidia/cuda:${CUDA_VERSION}-devel-${CUDA_UBUNTU} AS cuda-source
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl git cmake make g++ binutils \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY native/cuda/build-cuda.sh native/cuda/build-cuda.sh
ARG CUDA_ARCHITECTURES="90"
RUN CUDA_ARCHITECTURES="${CUDA_ARCHITECTURES}" native/cuda/build-cuda.sh /opt/samovar/cuda

FROM ${CUDA_LIBS} AS cuda-libs

FROM nvidia/cuda:${CUDA_VERSION}-runtime-${CUDA_UBUNTU} AS cuda
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgomp1 libstdc++6 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --create-home --home-dir /home/samovar samovar \
 && mkdir -p /models \
 && chown samovar /models
COPY --from=eclipse-temurin:25-jre /opt/java/openjdk /opt/java/openjdk
COPY --from=cuda-libs /opt/samovar/cuda /opt/samovar/cuda
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
    check-native-libs "/tmp/native-libs/de/kherud/llama/Linux/$(uname -m)" /tmp/native-libs/llama-cpp
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

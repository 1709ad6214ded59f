# samovar container image. Build: docker build -t samovar .
# Stages: build (JDK 25 + the Maven wrapper), cpu (JRE 25 runtime; the default target, so it comes last).

FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -pl server -am -DskipTests package

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

# Herald's image: the dashboard built with Node, the server with the Maven wrapper, run on a Java 17 runtime.
#   docker build -t herald .

# the client library (clients/js), then the dashboard (frontend/) that uses it, built by Vite into
# target/classes/static as in a local build; the library's bundle is served at /herald-client.js
FROM node:22-bookworm-slim AS dashboard
WORKDIR /src/clients/js
COPY clients/js/package.json clients/js/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY clients/js ./
RUN npm run build
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./
RUN npm run build && cp /src/clients/js/dist/herald-client.js /src/target/classes/static/

FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# dependencies first, so that a change of the sources alone does not download them again
RUN ./mvnw -B -q dependency:go-offline -Dfrontend.skip
COPY src src
COPY --from=dashboard /src/target/classes/static target/classes/static
# the dashboard is already built, so Maven leaves npm out (this image has no Node)
RUN ./mvnw -B -q package -DskipTests -Dfrontend.skip && cp target/herald-*.jar /herald.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --no-create-home herald
USER herald
WORKDIR /app
COPY --from=build /herald.jar /app/herald.jar
EXPOSE 8080
# Herald's JVM settings (README, "JVM settings"): a fixed young generation and a heap that stays close to
# what is live, so an idle connection costs about 22 KB instead of 54, and a JIT that inlines less, so a fresh
# node spends less compiling while a reconnect storm comes in; override with JAVA_TOOL_OPTIONS
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xmn128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:MaxInlineLevel=6 -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000"
# a push server holds many idle sockets: most of the heap is for them
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/herald.jar"]

# Herald's image: built with the Maven wrapper, run on a Java 17 runtime.
#   docker build -t herald .
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
# dependencies first, so that a change of the sources alone does not download them again
RUN ./mvnw -B -q dependency:go-offline
COPY src src
RUN ./mvnw -B -q package -DskipTests && cp target/herald-*.jar /herald.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --no-create-home herald
USER herald
WORKDIR /app
COPY --from=build /herald.jar /app/herald.jar
EXPOSE 8080
# a push server holds many idle sockets: most of the heap is for them
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/herald.jar"]

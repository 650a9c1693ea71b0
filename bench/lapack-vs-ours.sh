#!/usr/bin/env bash
# Issue 23: does a LAPACK binding beat the hand-written eigen-solver on MP-PCA's window sizes? Fetches
# org.bytedeco:openblas (Maven Central, linux-x86_64 natives) into target/lapack, compiles bench/LapackVsOurs.java
# against target/classes, and prints µs per decomposition for each, one thread (OPENBLAS_NUM_THREADS=1).
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/lapack
mkdir -p "$work"
[ -d target/classes/org/san2n/mppca ] || mvn -B -q compile
cat > "$work/pom.xml" <<'POM'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>lapack</artifactId><version>1</version>
<dependencies>
<dependency><groupId>org.bytedeco</groupId><artifactId>openblas</artifactId><version>0.3.31-1.5.13</version></dependency>
<dependency><groupId>org.bytedeco</groupId><artifactId>openblas</artifactId><version>0.3.31-1.5.13</version><classifier>linux-x86_64</classifier></dependency>
</dependencies></project>
POM
(cd "$work" && mvn -B -q dependency:copy-dependencies -DoutputDirectory=lib)
javac -cp "$work/lib/*:target/classes" -d "$work/classes" bench/LapackVsOurs.java
OPENBLAS_NUM_THREADS=1 java -cp "$work/classes:$work/lib/*:target/classes" org.san2n.mppca.LapackVsOurs

# A local Spark Connect server for tests/spark (included from the Makefile after VENV, BIN and
# PYTHON). The main venv has only the thin pyspark-client; the server needs the full pyspark
# (its jars include spark-connect, so nothing is downloaded when it starts) and java. It gets a
# venv of its own so the full pyspark never shadows the client. Keep its pin the client's version.
SPARK_VENV := .venv-spark
PYSPARK_SERVER := pyspark==4.2.0

.PHONY: test-spark spark-java

# Debian's JRE when the machine has no java (pyspark 4.2 runs on 17 or 21).
spark-java:
	@command -v java >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null; }

# The sdist is 450 MB (pip caches the wheel it builds). The .gitignore inside keeps git and
# ruff out of the venv: the repo's own .gitignore does not name it.
$(SPARK_VENV)/.stamp: spark.mk
	$(PYTHON) -m venv $(SPARK_VENV)
	echo '*' > $(SPARK_VENV)/.gitignore
	$(SPARK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check $(PYSPARK_SERVER)
	touch $@

# FIGURES_REQUIRE_SPARK turns "no server here" from a skip into a failure.
test-spark: $(VENV)/.dev $(SPARK_VENV)/.stamp spark-java
	FIGURES_REQUIRE_SPARK=1 $(BIN)/python -m pytest tests/spark -p no:cacheprovider

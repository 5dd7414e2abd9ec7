#!/usr/bin/env bash
# Create .venv and install the project with everything it needs, offline-safe:
# packages come from the package registry only; no model is downloaded at run time.
#   bash install.sh          # runtime + test + training (scikit-learn) + dask (the cluster adapter) dependencies
# PYTHON=python3.11 VENV=.venv bash install.sh
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}
"$PYTHON" -m venv "$VENV"
PIP="$VENV/bin/pip"
"$PIP" install -q --upgrade pip
# pkuseg 0.0.25 is an sdist whose setup.py needs numpy and Cython at build time and
# bundles the default segmentation model (the pipeline's default); build it without
# isolation so it sees them. Cached as a wheel by pip after the first build.
"$PIP" install -q "numpy>=1.23" "cython>=0.29" wheel setuptools
"$VENV/bin/python" -c "import pkuseg" 2>/dev/null || "$PIP" install -q --no-build-isolation "pkuseg==0.0.25"
# [train]: scikit-learn for train-events; [dask]: the Dask adapter (pipeline/dask_adapter.py) and its tests
"$PIP" install -q ".[test,train,dask]"
echo "installed into $VENV"

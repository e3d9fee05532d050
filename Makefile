# 電子保証ポータル: local tooling. `make` alone lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# The surety SDK's generated layer (see its rule below).
SDK_LAYER := clients/python/src/e_guarantee_portal_client/__init__.py
PYTEST_ARGS ?=

# DynamoDB Local otherwise sends telemetry and drops a metadata file into the cwd.
export DDB_LOCAL_TELEMETRY := 0

.PHONY: help install check-java system-deps run test lint bench load client videos openapi clean reset-data

help:
	@echo "電子保証ポータル — make targets"
	@echo ""
	@echo "  make run          ローカルでポータルを起動 (DynamoDB Local・デモデータ・サイト・API)。Ctrl-C で停止"
	@echo "                    Start the portal locally (DynamoDB Local, demo data, site, API). Ctrl-C stops it."
	@echo "                    Ports: PORTAL_PORT (8000), DYNAMODB_PORT (8765)"
	@echo "  make test         テストを実行 (必要なものを先にインストール)"
	@echo "                    Run the tests (installs what they need first; PYTEST_ARGS='...' passes options)"
	@echo "  make lint         ruff と mypy だけを実行 (make test も最初に実行) / ruff and mypy only (make test runs them first)"
	@echo "  make install      .venv と npm パッケージを用意 / Create .venv and install npm packages"
	@echo "  make system-deps  Chromium・日本語フォント・poppler・Java を確認/インストール"
	@echo "                    Check/install Chromium, Noto CJK fonts, poppler-utils, Java 17 (apt-get, as root)"
	@echo "  make bench        ベンチマーク / Run the benchmark (devtools.bench; BENCH_ARGS='--year-scales 0.002,0.01')"
	@echo "  make load         負荷試験 (Locust、繁忙日の10倍、LOAD_MINUTES=10) / Load test at 10x the peak day (devtools.load)"
	@echo "  make openapi      openapi.yaml を編集したら openapi.json を作り直す / Rewrite api/chalicelib/openapi.json from openapi.yaml"
	@echo "  make client       保証会社向け SDK の生成部分を作り直す (コミットしません) / Regenerate the surety SDK's generated layer (ignored by git)"
	@echo "  make videos       ガイド動画を作り直す (site/assets/videos/) / Re-film the guide videos from the local portal"
	@echo "                    (VIDEOS_ARGS='--quick --out DIR' for a fast smoke run)"
	@echo "  make clean        ビルド成果物を削除 (データは残す) / Remove build outputs (keeps data)"
	@echo "  make reset-data   ローカルの DynamoDB データを削除 / Delete the local DynamoDB data (.local/dynamodb)"
	@echo ""
	@echo "  AWS (docs/deploy.md):"
	@echo "  make deploy STAGE=dev  AWS にデプロイ (認証情報が必要) / Deploy a stage to AWS (needs AWS credentials)"
	@echo "  make site-for STAGE=dev  本番用にサイトをビルド / Build the site for a deployed stage (.local/site-STAGE)"
	@echo "  make rotate-origin-secret STAGE=dev  CloudFront→API の秘密値を交換 / Rotate the origin secret (docs/operations.md)"
	@echo "  make synth [STAGE=dev|prod|all]  CloudFormation を生成 (オフライン) / Synthesize the templates offline"
	@echo "  make checkov [STAGE=dev|prod|all]  生成したテンプレートを checkov で検査 / checkov on the synthesized templates"
	@echo "  make package       Lambda パッケージを作成・検査 / chalice package for Lambda, failing on any missing dependency"

install: $(VENV_STAMP) $(SDK_LAYER) $(NODE_STAMP) check-java

# The surety SDK's generated layer is never committed: made here into src/ folders that .gitignore
# ignores (for the tests and tools that import the SDK from the repository), again whenever the
# document, the generator's settings or the generator change. The SDK's wheel build makes its own.
$(SDK_LAYER): $(VENV_STAMP) api/chalicelib/openapi.yaml api/chalicelib/openapi.json \
	      clients/openapi-python-client.yaml clients/python/sdk_layer.py
	PYTHONPATH=api $(VENV)/bin/python -m devtools.python_client

# The stamps make a second `make install` a no-op until the dependency lists change.
$(VENV_STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Python 3.11 以上が必要です / Python >= 3.11 is required as '$(PYTHON)' (make PYTHON=python3.11 ...)." >&2; exit 1; }
	@# A venv left by another Python (dangling symlinks) is rebuilt rather than patched.
	@if ! $(VENV)/bin/python -c '' 2>/dev/null; then \
	  echo "Creating $(VENV)"; $(PYTHON) -m venv --clear $(VENV); fi
	$(VENV)/bin/python -m pip install --disable-pip-version-check --quiet '.[dev]'
	@# The in-tree build leaves these behind; they are not part of the project.
	@rm -rf build e_guarantee_portal.egg-info
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm が見つかりません / npm (Node.js 20) is required: apt-get install nodejs npm" >&2; exit 1; }
	npm ci --no-audit --no-fund
	@# The site serves its QR decoder itself (no CDN); the copy is rebuilt from node_modules, never edited.
	rm -rf site/assets/vendor/jsqr
	mkdir -p site/assets/vendor/jsqr
	cp node_modules/jsqr/dist/jsQR.js node_modules/jsqr/LICENSE site/assets/vendor/jsqr/
	@# axe-core runs only inside the browser tests: kept next to them, never published with the site.
	rm -rf tests/e2e/vendor/axe-core
	mkdir -p tests/e2e/vendor/axe-core
	cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE tests/e2e/vendor/axe-core/
	@touch $@

check-java:
	@v=$$(java -version 2>&1 | awk -F'"' '/version/ {print $$2; exit}'); \
	major=$${v%%.*}; \
	if [ "$$major" = 1 ]; then major=$$(echo "$$v" | cut -d. -f2); fi; \
	if [ -z "$$v" ] || ! [ "$$major" -ge 17 ] 2>/dev/null; then \
	  echo "DynamoDB Local には Java 17 以上が必要です (found: $${v:-none})." >&2; \
	  echo "DynamoDB Local needs Java >= 17: sudo apt-get install -y openjdk-17-jre-headless  (or: make system-deps as root)" >&2; \
	  exit 1; \
	fi

system-deps:
	bash .ci/ensure-system-deps

run: install
	PYTHONPATH=api $(VENV)/bin/python -m devtools.run

# checkov (tests/infra/test_checkov.py) in its own venv: it pins a boto3/botocore older than the
# project's. Every package pinned in infra/checkov-requirements.txt; rebuilt when that changes.
CHECKOV_VENV := .local/tools/checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

# system-deps first: it may install the Java that `install` checks for. The linters run before
# the tests and fail the build on any finding (their rules: pyproject.toml's [tool.ruff], [tool.mypy]).
test: system-deps install $(CHECKOV_STAMP) lint
	$(VENV)/bin/python -m pytest $(PYTEST_ARGS)

# Also alone: `make lint` (no Java, browser or DynamoDB needed).
lint: $(VENV_STAMP) $(SDK_LAYER)  # mypy reads the SDK, which imports its generated layer
	$(VENV)/bin/ruff check --no-fix .
	$(VENV)/bin/mypy

$(CHECKOV_STAMP): infra/checkov-requirements.txt
	rm -rf $(CHECKOV_VENV)
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --disable-pip-version-check --quiet -r infra/checkov-requirements.txt
	@touch $@

# Lighthouse only for the bench (the tests never need it): pinned, into .local/tools.
LIGHTHOUSE_VERSION := 12.2.3
LIGHTHOUSE := .local/tools/lighthouse-$(LIGHTHOUSE_VERSION).stamp

$(LIGHTHOUSE):
	mkdir -p .local/tools
	cd .local/tools && { [ -f package.json ] || echo '{"private": true}' > package.json; } && \
	  npm install --no-audit --no-fund --save-exact lighthouse@$(LIGHTHOUSE_VERSION)
	touch $@

# The surety SDK's generated layer and its field types, from openapi.yaml, into the ignored folders
# (make install does it when the document changed; this makes it again regardless).
client: $(VENV_STAMP)
	PYTHONPATH=api $(VENV)/bin/python -m devtools.python_client

# BENCH_ARGS: e.g. --year-scales 0.002,0.01 --skip-pages (PYTHONPATH=api python -m devtools.bench --help)
BENCH_ARGS ?=
bench: install $(LIGHTHOUSE)
	PYTHONPATH=api $(VENV)/bin/python -m devtools.bench $(BENCH_ARGS)

# Locust (a dev dependency) against the local stack on ports 18600/18601, at 10x the peak business
# day (api/devtools/load_plan.py); the report goes to .local/load/ (docs/operations.md 「費用の見積もり」).
LOAD_MINUTES ?= 10
load: install
	PYTHONPATH=api $(VENV)/bin/python -m devtools.load --minutes $(LOAD_MINUTES)

# The videos are committed; re-film them when the pages they show change, or when the production
# domain (infra/stages.json) is decided: the films show it. The voice (pyproject's `videos` extra)
# is installed here only, not by `make install`; it changes no version the tests use.
VIDEOS_ARGS ?=
VOICE_FRONTEND := pyopenjtalk-plus==0.4.1.post10 sudachipy==0.7.0
videos: system-deps install
	$(VENV)/bin/python -m pip install --disable-pip-version-check --quiet '.[videos]'
	$(VENV)/bin/python -m pip install --disable-pip-version-check --quiet --no-deps $(VOICE_FRONTEND)
	PYTHONPATH=api $(VENV)/bin/python -m devtools.videos $(VIDEOS_ARGS)

# The server reads the JSON form of openapi.yaml; rewrite it after editing the YAML (a test checks).
openapi: install
	PYTHONPATH=api $(VENV)/bin/python -m devtools.openapi_json

clean:
	rm -rf .local/site site_build build .pytest_cache .ruff_cache .mypy_cache .hypothesis *.egg-info
	find . -path ./.venv -prune -o -path ./node_modules -prune -o -name __pycache__ -type d -exec rm -rf {} +

# Deleting the files under a running DynamoDB Local would corrupt its database.
reset-data:
	@if (exec 3<>/dev/tcp/127.0.0.1/$${DYNAMODB_PORT:-8765}) 2>/dev/null; then \
	  echo "DynamoDB Local が動いています。make run を止めてから実行してください / Stop make run first (port $${DYNAMODB_PORT:-8765} is in use)." >&2; \
	  exit 1; fi
	rm -rf .local/dynamodb .local/demo.json

# ---- AWS (infra/, docs/deploy.md) ----------------------------------------------------------
STAGE ?= dev
CDK := $(CURDIR)/node_modules/.bin/cdk
CDK_OUT := .local/cdk.out
DEPLOY_ARGS ?= --require-approval broadening

.PHONY: site-for synth checkov package deploy rotate-origin-secret

# The deployed site calls its API at /api on its own origin (CloudFront sends /api/* to API
# Gateway), exactly as `make run` does locally: the build differs only in where it is written.
site-for: install
	@case "$(STAGE)" in dev|prod) ;; *) echo "STAGE must be dev or prod" >&2; exit 2;; esac
	PORTAL_API_BASE=/api $(VENV)/bin/python -m mkdocs build --strict --quiet -d .local/site-$(STAGE)
	@echo "site for $(STAGE): .local/site-$(STAGE) (API base /api)"

# Offline: no AWS credentials are used or needed.
synth: install
	@if [ "$(STAGE)" = all ]; then $(MAKE) --no-print-directory site-for STAGE=dev && $(MAKE) --no-print-directory site-for STAGE=prod; \
	  else $(MAKE) --no-print-directory site-for STAGE=$(STAGE); fi
	cd infra && CDK_DISABLE_VERSION_CHECK=1 $(CDK) synth --quiet --no-notices -c stage=$(STAGE) -o ../$(CDK_OUT)
	@echo "templates: $(CDK_OUT)/*.template.json"

# checkov on the templates of `make synth` (the same run as tests/infra/test_checkov.py).
checkov: synth $(CHECKOV_STAMP)
	$(CHECKOV_VENV)/bin/checkov --config-file infra/.checkov.yaml $$(printf -- '-f %s ' $(CDK_OUT)/*.template.json)

package: install
	rm -rf .local/chalice-package
	$(VENV)/bin/python infra/package.py --stage $(STAGE) .local/chalice-package

deploy: install
	@account=$$($(VENV)/bin/python infra/preflight.py $(STAGE)) || exit 1; \
	$(MAKE) --no-print-directory site-for STAGE=$(STAGE) && \
	cd infra && \
	CDK_DISABLE_VERSION_CHECK=1 $(CDK) bootstrap --no-notices aws://$$account/ap-northeast-1 aws://$$account/us-east-1 && \
	CDK_DISABLE_VERSION_CHECK=1 $(CDK) deploy --all --no-notices -c stage=$(STAGE) -o ../$(CDK_OUT) \
	  --outputs-file ../.local/cdk-outputs-$(STAGE).json $(DEPLOY_ARGS) && \
	cd .. && PYTHONPATH=api PORTAL_DYNAMODB_ENDPOINT= PORTAL_TABLE_NAME=$$($(VENV)/bin/python -c \
	  'import json,sys; print(json.load(open(sys.argv[1]))["EGuarantee-$(STAGE)"]["TableName"])' \
	  .local/cdk-outputs-$(STAGE).json) $(VENV)/bin/python -m devtools.manage data migrate && \
	echo "outputs: .local/cdk-outputs-$(STAGE).json (SiteUrl, ApiBase, DKIM records, ...)"

# CloudFront's secret to the API (X-Origin-Verify), replaced without refusing a request (docs/operations.md).
rotate-origin-secret: install
	$(VENV)/bin/python infra/rotate_origin_secret.py $(STAGE)

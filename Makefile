# The few verbs people use; each is a one-liner you can also type yourself.
.PHONY: demo test ui bench
demo:   ## install and build data/warehouse.duckdb from data/sample
	python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/marsad run
test:   ## the README's test command
	bash .ci/run
ui:     ## the Dagster UI on http://127.0.0.1:3000 (webserver + daemon; Ctrl-C stops both)
	.venv/bin/python -m marsad.pipelines.ui
bench:  ## the benchmark over ../shared/corpora (writes bench/RESULTS.md)
	.venv/bin/python -m bench

"""Reads a `samovar bench load --engine-direct MODEL --compare-endpoint URL` JSON report and prints
"<tokens/s ratio at concurrency 1> <ratio at 4> <TTFT p50 overhead at 1, ms>": the compared HTTP
endpoint's output tokens/s over the engine's (the main target), and its TTFT p50 minus the engine's."""
import json
import sys


def levels(target):
    return {level["concurrency"]: level for level in target["levels"]}


def main(path):
    with open(path, encoding="utf-8") as file:
        report = json.load(file)
    engine = levels(report)
    http = levels(report["compare"])
    if report["target"]["kind"] != "engine-direct" or report["compare"]["target"]["kind"] != "http":
        sys.exit(f"{path}: expected engine-direct compared with http, got {report['target']['kind']}"
                 f" and {report['compare']['target']['kind']}")
    for level in (1, 4):
        for name, target in (("engine", engine), ("http", http)):
            if level not in target:
                sys.exit(f"{path}: no concurrency {level} for {name}")
            if target[level]["errors"]["count"]:
                sys.exit(f"{path}: {name} had errors at concurrency {level}: {target[level]['errors']}")
    ratio = [http[c]["output_tokens_per_s"] / engine[c]["output_tokens_per_s"] for c in (1, 4)]
    overhead = http[1]["ttft_ms"]["p50"] - engine[1]["ttft_ms"]["p50"]
    print(f"{ratio[0]:.4f} {ratio[1]:.4f} {overhead:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])

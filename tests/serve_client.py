#!/usr/bin/env python3
"""The API of `newsgraph serve` (docs/api.md) and its answers to malformed
requests, over a plain socket so that requests can be as broken as a
hostile client makes them. usage: serve_client.py PORT"""
import json
import socket
import sys
import urllib.parse

PORT = int(sys.argv[1])
failures = []


def raw(request: bytes, timeout=10.0):
    """Sends bytes, returns (status, headers, body); status 0 if the server closed without answering."""
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    try:
        try:
            s.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading a huge request
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    if not data.startswith(b"HTTP/1."):
        return 0, {}, b""
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (l.partition(":") for l in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def get(path, **kw):
    return raw(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(), **kw)


def api(path, params=None):
    q = "?" + urllib.parse.urlencode(params) if params else ""
    status, headers, body = get(f"/api/v1/{path}{q}")
    return status, headers, (json.loads(body) if body else None)


def check(name, ok, detail=""):
    print(("ok - " if ok else "not ok - ") + name + ("" if ok else f": {detail}"))
    if not ok:
        failures.append(name)


# ---- the endpoints ----
st, h, d = api("search", {"q": "Kursk", "per_page": 2})
check("search: 200, a page of 2 and a next", st == 200 and len(d["results"]) == 2 and d["has_more"], d)
check("search: JSON, no-store, CSP without inline script",
      h.get("content-type", "").startswith("application/json") and "script-src 'self'" in h.get("content-security-policy", "")
      and "unsafe-inline" not in h.get("content-security-policy", ""), h)
all_kursk = api("search", {"q": "Kursk", "per_page": 100})[2]["results"]
page2 = api("search", {"q": "Kursk", "per_page": 2, "page": 2})[2]["results"]
check("search: page 2 continues page 1", [a["article"] for a in all_kursk[2:4]] == [a["article"] for a in page2], page2)
check("search: every hit names Kursk", all(a["article"] for a in all_kursk) and len(all_kursk) >= 3, all_kursk)
st, _, d = api("search", {"outlet": "Kyiv Ledger"})
check("search: outlet filter", st == 200 and d["results"] and all(a["outlet"] == "Kyiv Ledger" for a in d["results"]), d)
st, _, d = api("search", {"since": "2030-01-01"})
check("search: date filter", st == 200 and d["results"] == [], d)
st, _, d = api("search", {"event_type": "FIGHT"})
check("search: event type filter", st == 200 and len(d["results"]) >= 1, d)

ledger = next(a for a in all_kursk if a["outlet"] == "Kyiv Ledger")["article"]
st, _, d = api(f"articles/{ledger}")
check("article: 200 with text and facts", st == 200 and d["article"]["text"] and
      all(k in d for k in ("entities", "quotes", "counts", "dates", "places", "events")), d and list(d))
text = d["article"]["text"]
spans_ok = all(0 <= f["start"] < f["end"] <= len(text) and text[f["start"]:f["end"]] == f["text"]
               for k in ("entities", "quotes", "places", "dates") for f in d[k])
check("article: every span is its text (code points)", spans_ok)
check("article: Kursk is a place", any(p["name"] == "Kursk" for p in d["places"]), d["places"][:3])
zel = next((m for m in d["entities"] if m["entity_name"] == "Volodymyr Zelensky"), None)
check("article: Zelensky is a global entity", zel is not None, d["entities"][:5])

st, _, e = api(f"entities/{zel['entity']}")
check("entity: itself, its names, its articles", st == 200 and e["entity"]["name"] == "Volodymyr Zelensky" and
      "Volodymyr Zelensky" in {a["name"] for a in e["aliases"]} and ledger in {a["article"] for a in e["articles"]}, e)
check("entity: quotes are its own", e["quotes"] and all(q["speaker_entity"] == zel["entity"] for q in e["quotes"]), e["quotes"])
check("entity: co-occurring entities, not itself", e["cooccurring"] and
      all(c["entity"] != zel["entity"] for c in e["cooccurring"]), e["cooccurring"])
st, _, d = api("entities", {"entity": "Zelensky"})
check("entities: by name", st == 200 and d["results"] and d["results"][0]["name"] == "Volodymyr Zelensky", d)
st, _, g = api("graph", {"entity_id": zel["entity"]})
check("graph: edges touch the entity", st == 200 and g["results"] and
      all(zel["entity"] in (x["source"], x["target"]) for x in g["results"]), g)
st, _, d = api("places", {"q": "Kursk"})
check("places: GeoJSON with Kursk", st == 200 and d["type"] == "FeatureCollection" and any(
    f["properties"]["name"] == "Kursk" and f["geometry"]["type"] == "Point" for f in d["features"]), d)
st, _, d = api("events", {"event_type": "FIGHT"})
check("events: by type", st == 200 and d["results"] and all(x["type"] == "FIGHT" for x in d["results"]), d)
st, _, d = api("timeline")
check("timeline: 200 with rows of date, type, events", st == 200 and all(
    set(r) == {"date", "type", "events"} for r in d["results"]), d)
st, _, d = api("clusters")
check("clusters: 200", st == 200 and "results" in d, d)
cl = api("clusters", {"per_page": 1})[2]["results"][0]["cluster"]
st, _, c = api(f"clusters/{cl}")
check("clusters/ID: the cluster with its sources, articles and evidence", st == 200 and c["cluster"]["cluster"] == cl and
      c["sources"] and c["articles"] and c["events"], c)
arts = {}
for ev in c["events"]:
    arts.setdefault(ev["article"], api(f"articles/{ev['article']}")[2]["article"]["text"])
check("clusters/ID: each evidence span is its event's words, inside its context", all(
    arts[ev["article"]][ev["start"]:ev["end"]] == ev["text"] and
    ev["context"] == arts[ev["article"]][ev["context_start"]:ev["context_start"] + len(ev["context"])] and
    ev["context_start"] <= ev["start"] and ev["end"] <= ev["context_start"] + len(ev["context"]) for ev in c["events"]), c["events"])
check("clusters/ID: its articles are the evidence's", {a["article"] for a in c["articles"]} == {ev["article"] for ev in c["events"]}
      and sum(x["num_articles"] for x in c["sources"]) == len(c["articles"]), c)
kursk = next(x for x in api("entities", {"entity": "Kursk"})[2]["results"] if x["name"] == "Kursk")["entity"]
st, _, k = api(f"entities/{kursk}")
days = [r["date"] for r in k["mentions_per_day"]]
check("entity: mentions per day, in date order", st == 200 and days and days == sorted(days) and
      all(r["mentions"] >= r["articles"] >= 1 for r in k["mentions_per_day"]), k["mentions_per_day"])
check("entity: quotes about it name it and are said by others", k["quotes_about"] and all(
    "Kursk" in q["text"] and q["speaker_entity"] != kursk for q in k["quotes_about"]), k["quotes_about"])
st, _, d = api("clusters/999999999")
check("clusters/ID: an unknown one is 404", st == 404, st)
st, _, d = api("articles/ffffffffffffffff")
check("article: an unknown id is 404", st == 404 and "error" in d, d)
st, _, d = api("search", {"q": "onerror"})
hostile = d["results"][0]["article"]
st, _, body = get(f"/api/v1/articles/{hostile}")
check("hostile text: no raw < > & in the JSON", st == 200 and b"<" not in body and b">" not in body, body[:200])
check("hostile text: decodes back to the markup as text", "<script>" in json.loads(body)["article"]["text"])

# ---- the web root ----
st, h, body = get("/")
check("/ is the UI with its CSP", st == 200 and b"app.js" in body and "default-src 'self'" in h.get("content-security-policy", ""), st)
st, _, body = get("/vendor/countries-110m.json")
check("the map's data is served", st == 200 and body.startswith(b"{"), st)

# ---- malformed and hostile requests: a 4xx each ----
bad = [
    ("article id not hex", get("/api/v1/articles/zzzz")),
    ("entity id not a number", get("/api/v1/entities/abc")),
    ("entity id negative", get("/api/v1/entities/-1")),
    ("entity id too big", get("/api/v1/entities/99999999999999999999999")),
    ("cluster id not a number", get("/api/v1/clusters/1x")),
    ("page 0", get("/api/v1/search?page=0")),
    ("page not a number", get("/api/v1/search?page=x")),
    ("per_page over the cap", get("/api/v1/search?per_page=100000")),
    ("bad date", get("/api/v1/search?since=yesterday")),
    ("FTS syntax error", get("/api/v1/search?q=%22")),
    ("bad UTF-8 in a parameter", get("/api/v1/search?q=%ff%fe")),
    ("control character in a parameter", get("/api/v1/search?q=a%01b")),
    ("parameter too long", get("/api/v1/search?q=" + "a" * 600)),
    ("unknown endpoint", get("/api/v1/nothing")),
    ("unknown API version", get("/api/v2/search")),
    (".. path", get("/../../etc/passwd")),
    ("encoded .. path", get("/%2e%2e/%2e%2e/etc/passwd")),
    ("..  inside the vendor dir", get("/vendor/../../Makefile")),
    ("hidden file", get("/.git/config")),
    ("backslash path", get("/..\\..\\etc\\passwd")),
    ("absent file", get("/nothing.js")),
    ("a file of a kind the UI has not", get("/vendor/VERSIONS.bak")),
    ("URL too long", get("/api/v1/search?q=" + "a" * 5000)),
    ("POST", raw(b"POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")),
    ("DELETE", raw(b"DELETE / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
    ("GET with a 10 MB body", raw(b"GET /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: 10485760\r\nConnection: close\r\n\r\n" + b"x" * (10 << 20))),
    ("POST of 10 MB, chunked", raw(b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + b"a00000\r\n" + b"x" * 0xa00000 + b"\r\n0\r\n\r\n")),
    ("huge header", raw(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 + b"\r\nConnection: close\r\n\r\n")),
    ("many headers", raw(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(5000)) + b"Connection: close\r\n\r\n")),
    ("bad UTF-8 in the path", raw(b"GET /\xff\xfe.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
    ("garbage request line", raw(b"\x00\x01\x02 nonsense\r\n\r\n")),
]
for name, (st, _, _) in bad:
    # 0: the server closed the connection on a request it could not parse (no crash: checked below)
    check(f"malformed: {name} -> {st or 'closed'}", 400 <= st < 500 or (st == 0 and name == "garbage request line"), st)

st, _, d = api("search", {"q": "Kursk"})
check("still serving after the malformed requests", st == 200 and d["results"], st)

if failures:
    print(f"serve_client: {len(failures)} FAILED: {failures}")
    sys.exit(1)
print("serve_client: all passed")

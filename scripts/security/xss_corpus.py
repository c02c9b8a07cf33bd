#!/usr/bin/env python3
"""XSS corpus check: store payloads in every text field through the API, then render the app's pages in a
real headless Chromium and fail on any sign that a payload ran or became markup.

Run by scripts/security/xss-corpus.sh against a throwaway `comptoir serve --demo`; it can also be run by hand:
    python3 scripts/security/xss_corpus.py --base-url http://127.0.0.1:18181 --token TOKEN

Evidence looked for on every page (any one fails the page):
  - a JavaScript dialog (alert/confirm/prompt), a call of the `__xss` binding, or `window.__xss` overwritten;
  - an element carrying a `data-xss` marker attribute (every markup payload has one, so an injection is seen
    even when the Content-Security-Policy stops it from running);
  - a `<script>` that is not one of the app's `/assets/` files, an `on*` event-handler attribute, an
    `<iframe>`/`<object>`/`<embed>`/`<base>`/`<meta http-equiv=refresh>`;
  - a link, frame or form pointing at a `javascript:`/`vbscript:`/`data:` URL;
  - a server-side template expression that was evaluated (`tpl12:{{7*191}}` shown as `tpl12:1337`);
  - a CSP violation of a script/frame/object directive (an inline script or handler the browser refused),
    and console messages carrying the payloads' marker.
Uploaded HTML, SVG and JS files are also opened at their download URLs, framed, and loaded as same-origin
scripts: they must never run.
Only 127.0.0.1 is contacted. Standard library + Playwright (with Debian's /usr/bin/chromium).
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
ADMIN_EMAIL = "helene.garcia@cabinet-lefevre.fr"
DEMO_PASSWORD = "demo-comptoir-2026"

# ---------------------------------------------------------------------------------------------------------
# Payloads. `{id}` becomes a number that names where the payload was stored (see Registry); `{att}` the id of
# an uploaded text file holding JavaScript. Markup payloads carry `data-xss={id}` so that an injection is
# visible in the DOM even when the page's CSP keeps it from running; executable parts call `__xss({id})`.
# ---------------------------------------------------------------------------------------------------------
TEXT_PAYLOADS: list[tuple[str, str]] = [
    ("polyglot", "</textarea></title></style></script></noscript>'\"><img src=x data-xss={id} onerror=__xss({id})>"),
    ("script-tag", "<script data-xss={id}>__xss({id})</script>"),
    ("dq-attr-break", "Zeta\"><img src=x data-xss={id} onerror=__xss({id})>"),
    ("sq-attr-break", "Zeta'><svg data-xss={id} onload=__xss({id})>"),
    ("title-break", "</title><script data-xss={id}>__xss({id})</script>"),
    ("script-src-upload", "Zeta\"><script data-xss={id} src=\"/api/v1/attachments/{att}/content\"></script>"),
    ("dq-attr-inject", "Zeta\" data-xss=\"{id}\" autofocus onfocus=\"__xss({id})"),
    ("sq-attr-inject", "Zeta' data-xss='{id}' autofocus onfocus='__xss({id})"),
    ("iframe-srcdoc", "<iframe data-xss={id} srcdoc=\"<script>parent.__xss({id})</script>\"></iframe>"),
    ("event-handler", "<details open data-xss={id} ontoggle=__xss({id})>x</details>"),
    ("svg-script", "<svg data-xss={id}><script>__xss({id})</script></svg>"),
    ("script-src-page", "<script data-xss={id} src=/attachments/{att}></script>"),
    ("comment-break", "--><img src=x data-xss={id} onerror=__xss({id})><!--"),
    ("js-string-break", "';__xss({id});//\\\";__xss({id});//</script><b data-xss={id}>"),
    ("template-mustache", "tpl{id}:{{7*191}}"),
    ("template-dollar", "tpl{id}:${7*191}"),
    ("template-hash", "tpl{id}:#{7*191}"),
    ("template-erb", "tpl{id}:<%= 7*191 %><b data-xss={id}>"),
    ("entity-double", "&lt;img src=x data-xss={id} onerror=__xss({id})&gt;&#x3C;b data-xss={id}&#x3E;"),
    ("console-alert", "<img src=x data-xss={id} onerror=\"console.log('xss-marker-{id}');alert({id})\">"),
]
# When a field refuses the long payloads (length, format), these short ones are tried before a plain value.
SHORT_PAYLOADS: list[tuple[str, str]] = [
    ("short-break", "'\"><b data-xss={id}>"),
    ("short-tag", "<b data-xss={id}>x"),
    ("short-tpl", "tpl{id}:{{7*191}}"),
]
URL_PAYLOADS: list[tuple[str, str]] = [
    ("javascript-url", "javascript:__xss({id})//https://example.fr"),
    ("javascript-url-case", "JaVaScRiPt:__xss({id})"),
    ("javascript-url-space", " javascript:__xss({id})"),
    ("data-url", "data:text/html,<script>parent.__xss({id})</script>"),
    ("url-attr-break", "https://example.fr/\"><img src=x data-xss={id} onerror=__xss({id})>"),
    ("url-sq-break", "https://example.fr/'><b data-xss={id}>"),
]

ATTACHMENT_JS = (
    "try{window.__xss&&window.__xss('ATTACHMENT-SCRIPT')}catch(e){};"
    "document.documentElement.setAttribute('data-xss','attachment-script');console.log('xss-marker-attachment');"
)
ATTACHMENT_HTML = (
    "<!doctype html><html><head><title>x</title><script>try{parent.__xss('ATTACHMENT-HTML')}catch(e){};"
    "try{window.__xss('ATTACHMENT-HTML')}catch(e){};alert('ATTACHMENT-HTML')</script></head>"
    "<body><img src=x onerror=\"__xss('ATTACHMENT-HTML-IMG')\"><p data-xss=attachment-html>x</p></body></html>"
)
ATTACHMENT_SVG = (
    "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"__xss('ATTACHMENT-SVG-ONLOAD')\">"
    "<script type=\"text/javascript\">try{window.__xss('ATTACHMENT-SVG')}catch(e){};alert('ATTACHMENT-SVG')</script>"
    "<rect width=\"10\" height=\"10\"/></svg>"
)

# Which collection a `…Id` field points at (the API names references by key only).
REFERENCE_TARGETS = {
    "typeId": "interaction-types", "stageId": "pipeline-stages", "companyId": "companies", "contactId": "contacts",
    "projectId": "projects", "defaultProjectId": "projects", "ownerId": "users", "userId": "users",
    "campaignId": "prospecting-campaigns", "resourceId": "resources", "parentId": "tags", "segmentId": "segments",
    "templateId": "projects", "tagId": "tags", "interactionId": "interactions", "memberId": "users",
}
# Seeding order (references first); collections not named here come after, in the document's order.
SEED_ORDER = ["interaction-types", "pipeline-stages", "resources", "tags", "companies", "contacts", "projects",
              "segments", "prospecting-campaigns", "interactions", "users"]
# Collections written by dedicated code, or not meant for payloads.
SPECIAL = {"custom-fields", "attachments", "imports", "import-profiles", "auth", "audit-entries", "search", "me",
           "openapi.json", "agenda", "organization"}
# Where a collection's records are shown (API name -> page path), when it differs from /<name>.
HTML_PATHS = {
    "custom-fields": "/admin/custom-fields", "interaction-types": "/admin/interaction-types",
    "pipeline-stages": "/admin/pipeline-stages", "users": "/admin/users", "prospecting-campaigns": "/campaigns",
    "audit-entries": "/admin/audit", "imports": "/admin/imports", "organization": "/admin/organization",
    "import-profiles": "/admin/import-profiles",
}
# Preferred values for some choice fields (the default is the first value of the enum).
CHOICE_PREFERENCES = {("users", "role"): "user", ("projects", "visibility"): "public"}
# Yes/no fields set so that the records are usable (active types with stages, columns shown); others omitted.
BOOLEAN_VALUES = {"active": True, "hasPipeline": True, "showInList": True}
RECORDS_PER_COLLECTION = 3

# Links never followed by the crawler: sign-out, API, assets, file downloads, language switch.
SKIP_LINK = re.compile(
    r"^/(logout|api/|assets/|ics/|organization/logo)|\.csv$|\.ics$|/vcard$|/errors\.csv|/progress$|[?&]lang=|^/attachments/"
)


@dataclass
class Marker:
    where: str      # "companies.name", "query q on /companies", "import cell"…
    payload: str    # payload name


class Registry:
    """Numbers every stored payload so that evidence on a page says which field of which record it came from."""

    def __init__(self) -> None:
        self.markers: dict[int, Marker] = {}
        self.counter = itertools.count(100)

    def new(self, where: str, payload: str) -> int:
        number = next(self.counter)
        self.markers[number] = Marker(where, payload)
        return number

    def render(self, template: str, where: str, payload_name: str, att: str) -> str:
        number = self.new(where, payload_name)
        return template.replace("{id}", str(number)).replace("{att}", att)

    def describe(self, marker: str | int | None) -> str:
        if marker is None:
            return "(inline code, no marker)"
        try:
            found = self.markers.get(int(str(marker)))
        except (TypeError, ValueError):
            found = None
        return f"{found.where} «{found.payload}»" if found else str(marker)


# ---------------------------------------------------------------------------------------------------------
# The API side: discover collections from the OpenAPI document and store payloads.
# ---------------------------------------------------------------------------------------------------------
class APIError(Exception):
    def __init__(self, status: int, body: object) -> None:
        super().__init__(f"HTTP {status}: {str(body)[:300]}")
        self.status = status
        self.body = body

    @property
    def fields(self) -> set[str]:
        if isinstance(self.body, dict):
            error = self.body.get("error") or {}
            if isinstance(error, dict) and isinstance(error.get("fields"), dict):
                return set(error["fields"].keys())
        return set()


class API:
    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body: object = None, raw: bytes | None = None,
             content_type: str | None = None, timeout: float = 30) -> object:
        url = path if path.startswith("http") else self.base + path
        assert urllib.parse.urlsplit(url).hostname in ("127.0.0.1", "localhost"), url
        data = raw
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        elif content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                text = response.read()
                if not text:
                    return None
                try:
                    return json.loads(text)
                except ValueError:
                    return text
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                parsed: object = json.loads(text)
            except ValueError:
                parsed = text[:300]
            raise APIError(error.code, parsed) from None

    def status(self, path: str) -> int:
        """The HTTP status of a GET (pages accept the bearer token too)."""
        try:
            self.call("GET", path, timeout=15)
            return 200
        except APIError as error:
            return error.status

    def upload(self, owner_kind: str, owner_id: str, filename: str, content: bytes, content_type: str) -> dict:
        boundary = "xss" + uuid.uuid4().hex
        quoted = filename.replace("\\", "\\\\").replace('"', '\\"')  # the multipart parser unescapes \"
        parts = [
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"ownerKind\"\r\n\r\n{owner_kind}\r\n".encode(),
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"ownerId\"\r\n\r\n{owner_id}\r\n".encode(),
            (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{quoted}\"\r\n"
             f"Content-Type: {content_type}\r\n\r\n").encode() + content + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        result = self.call("POST", "/api/v1/attachments", raw=b"".join(parts),
                           content_type=f"multipart/form-data; boundary={boundary}")
        assert isinstance(result, dict)
        return result


class OpenAPI:
    def __init__(self, document: dict) -> None:
        self.document = document
        # Paths are relative to the first server URL (`/api/v1`); they are kept here as full paths.
        servers = document.get("servers") or [{}]
        prefix = urllib.parse.urlsplit(str(servers[0].get("url", ""))).path.rstrip("/") or "/api/v1"
        self.paths: dict[str, dict] = {
            (path if path.startswith(prefix + "/") else prefix + path): item for path, item in (document.get("paths") or {}).items()
        }

    def resolve(self, schema: object) -> dict:
        seen = 0
        while isinstance(schema, dict) and "$ref" in schema and seen < 10:
            target: object = self.document
            for part in schema["$ref"].lstrip("#/").split("/"):
                target = target.get(part, {}) if isinstance(target, dict) else {}
            schema = target
            seen += 1
        return schema if isinstance(schema, dict) else {}

    def body_schema(self, path: str, method: str) -> dict | None:
        operation = self.paths.get(path, {}).get(method.lower())
        if not isinstance(operation, dict):
            return None
        content = (self.resolve(operation.get("requestBody", {})).get("content") or {})
        schema = (content.get("application/json") or {}).get("schema")
        return self.resolve(schema) if schema is not None else None

    def collections(self) -> list[str]:
        """`/api/v1/<name>` paths that create records from a JSON body."""
        names = []
        for path, item in self.paths.items():
            match = re.fullmatch(r"/api/v1/([a-z0-9-]+)", path)
            if match and isinstance(item, dict) and "post" in item and self.body_schema(path, "post"):
                names.append(match.group(1))
        return names

    def list_query_parameters(self, name: str) -> list[str]:
        operation = self.paths.get(f"/api/v1/{name}", {}).get("get") or {}
        names = []
        for parameter in operation.get("parameters", []) or []:
            parameter = self.resolve(parameter)
            if parameter.get("in") == "query" and parameter.get("name") not in ("limit", "cursor"):
                names.append(parameter["name"])
        return names


def types_of(schema: dict) -> set[str]:
    kind = schema.get("type")
    if isinstance(kind, list):
        return {k for k in kind if k != "null"}
    return {kind} if isinstance(kind, str) else set()


@dataclass
class Seeder:
    api: API
    spec: OpenAPI
    registry: Registry
    log: list[str] = field(default_factory=list)
    ids: dict[str, list[str]] = field(default_factory=dict)       # collection -> ids (ours first, then demo)
    created: dict[str, list[str]] = field(default_factory=dict)   # collection -> ids we created
    attachments: dict[str, str] = field(default_factory=dict)     # role -> attachment id
    imports: list[str] = field(default_factory=list)
    admin_id: str | None = None
    script_att: str = "00000000-0000-0000-0000-000000000000"
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    guest_email: str | None = None
    guest_password: str = ""

    def note(self, message: str) -> None:
        self.log.append(message)

    def existing(self, collection: str) -> list[str]:
        if collection not in self.ids:
            try:
                data = self.api.call("GET", f"/api/v1/{collection}?limit=20")
                items = data.get("items", []) if isinstance(data, dict) else []
                self.ids[collection] = [item["id"] for item in items if isinstance(item, dict) and "id" in item]
            except APIError:
                self.ids[collection] = []
        return self.ids[collection]

    def reference(self, key: str, collection: str) -> str | None:
        target = REFERENCE_TARGETS.get(key)
        if target is None and key.endswith("Id"):
            stem = re.sub(r"([A-Z])", r"-\1", key[:-2]).lower()
            target = next((name for name in self.spec.collections() if name.startswith(stem)), None)
        if target is None:
            return None
        candidates = self.created.get(target, []) + self.existing(target)
        if collection == "interactions" and key == "stageId":
            return None  # a stage must belong to the interaction's type: let the server choose
        return candidates[0] if candidates else None

    def value_for(self, collection: str, key: str, schema: dict, payload: tuple[str, str] | None,
                  where: str) -> object:
        """A valid plain value, or the payload for a free-text field."""
        schema = self.spec.resolve(schema)
        kinds = types_of(schema)
        fmt = schema.get("format")
        if "enum" in schema:
            values = [v for v in schema["enum"] if v is not None]
            preferred = CHOICE_PREFERENCES.get((collection, key))
            return preferred if preferred in values else (values[0] if values else None)
        if "boolean" in kinds:
            return BOOLEAN_VALUES.get(key)  # others keep the server's default
        if "integer" in kinds or "number" in kinds:
            return max(1, int(schema.get("minimum", 1) or 1))
        if "array" in kinds:
            return []
        if "object" in kinds:
            return None
        if fmt == "uuid":
            return self.reference(key, collection)
        if fmt == "email":
            return f"xss{next(self.counter)}.{uuid.uuid4().hex[:6]}@example.com"
        if fmt == "date":
            return (dt.date.today() + dt.timedelta(days=1)).isoformat()
        if fmt == "date-time":
            return (dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(days=1)).isoformat().replace("+00:00", "Z")
        if schema.get("writeOnly") or key.lower().endswith("password"):
            return "Xss-corpus-Passw0rd-2026!"
        if "pattern" in schema:
            return "12.50" if "[0-9]" in schema["pattern"] else None
        if payload is None:
            return f"Zeta {next(self.counter)}"
        return self.registry.render(payload[1], where, payload[0], self.script_att)

    def build(self, collection: str, schema: dict, offset: int, required_only: bool = False,
              skip_payload: set[str] | None = None) -> dict:
        """A body with a payload in each free-text field (payload chosen by field index + offset)."""
        properties = self.spec.resolve(schema).get("properties", {}) or {}
        required = set(schema.get("required", []) or [])
        body: dict = {}
        text_index = 0
        for key, prop in properties.items():
            prop = self.spec.resolve(prop)
            if required_only and key not in required:
                continue
            if prop.get("readOnly"):
                continue
            free_text = types_of(prop) == {"string"} and not prop.get("format") and "enum" not in prop \
                and "pattern" not in prop and not prop.get("writeOnly") and not key.lower().endswith("password")
            is_url = prop.get("format") == "uri"
            payload = None
            if skip_payload and key in skip_payload:
                payload = None
            elif is_url:
                payload = URL_PAYLOADS[(offset + text_index) % len(URL_PAYLOADS)]
                text_index += 1
            elif free_text:
                # The first record gets the polyglot (text, both attribute quotes, raw-text elements) in every
                # field; the others rotate through the whole list.
                payload = TEXT_PAYLOADS[0 if offset == 0 else (offset * 7 + text_index) % len(TEXT_PAYLOADS)]
                text_index += 1
            value = self.value_for(collection, key, prop, payload, f"{collection}.{key}")
            if value is None:
                continue
            if is_url and payload is None:
                value = "https://example.fr/"
            body[key] = value
        return body

    def write_with_fallback(self, method: str, path: str, collection: str, schema: dict, offset: int,
                            extra: dict | None = None) -> dict | None:
        """POST/PATCH a body; fields the server refuses get a shorter payload, then a plain value, then none."""
        body = self.build(collection, schema, offset)
        if extra:
            body.update(extra)
        properties = self.spec.resolve(schema).get("properties", {}) or {}
        required = set(schema.get("required", []) or [])
        short_tries: dict[str, int] = {}
        for _ in range(12):
            try:
                result = self.api.call(method, path, body)
                return result if isinstance(result, dict) else {}
            except APIError as error:
                bad = error.fields
                if error.status not in (400, 409, 422) or not bad:
                    if error.status == 409 and not bad:
                        # a duplicate warning or unique name: make every plain text unique and retry once
                        for key, value in list(body.items()):
                            if isinstance(value, str) and key in properties and types_of(properties[key]) == {"string"}:
                                body[key] = value + f" {next(self.counter)}"
                        if "force" not in body and "force" in properties:
                            body["force"] = True
                        continue
                    self.note(f"{method} {path}: {error}")
                    return None
                for key in bad:
                    prop = self.spec.resolve(properties.get(key, {}))
                    tries = short_tries.get(key, 0)
                    short_tries[key] = tries + 1
                    if key not in properties:
                        body.pop(key, None)
                    elif prop.get("format") == "uri" and tries < len(URL_PAYLOADS):
                        # URL fields: every URL payload in turn (javascript:, data:, attribute breakers), then a plain URL
                        name, template = URL_PAYLOADS[(offset + tries + 1) % len(URL_PAYLOADS)]
                        body[key] = self.registry.render(template, f"{collection}.{key}", name, self.script_att)
                    elif prop.get("format") == "uri" and tries == len(URL_PAYLOADS):
                        body[key] = "https://example.fr/"
                    elif tries < len(SHORT_PAYLOADS) and types_of(prop) == {"string"} and not prop.get("format") \
                            and "enum" not in prop:
                        name, template = SHORT_PAYLOADS[tries]
                        body[key] = self.registry.render(template, f"{collection}.{key}", name, self.script_att)
                    elif tries <= len(SHORT_PAYLOADS) and key in required:
                        plain = self.value_for(collection, key, prop, None, "")
                        if plain is None or body.get(key) == plain:
                            self.note(f"{method} {path}: required field {key} refused: {error}")
                            return None
                        body[key] = plain
                    else:
                        body.pop(key, None)
                        if key in required:
                            self.note(f"{method} {path}: required field {key} refused: {error}")
                            return None
        self.note(f"{method} {path}: gave up after retries")
        return None

    # -- the seeding steps ----------------------------------------------------------------------------
    def seed(self, csv_rows: int = 6) -> None:
        me = self.api.call("GET", "/api/v1/me")
        if isinstance(me, dict):
            self.admin_id = me.get("id") or (me.get("user") or {}).get("id")
        carrier = self.api.call("POST", "/api/v1/companies", {"name": f"XSS carrier {uuid.uuid4().hex[:6]}"})
        assert isinstance(carrier, dict)
        self.created.setdefault("companies", []).append(carrier["id"])
        self.upload_files(carrier["id"])
        self.seed_custom_fields()
        collections = self.spec.collections()
        ordered = [c for c in SEED_ORDER if c in collections] + [c for c in collections if c not in SEED_ORDER]
        for collection in ordered:
            if collection in SPECIAL:
                continue
            schema = self.spec.body_schema(f"/api/v1/{collection}", "post") or {}
            for record in range(RECORDS_PER_COLLECTION):
                result = self.write_with_fallback("POST", f"/api/v1/{collection}", collection, schema, record)
                if result and result.get("id"):
                    self.created.setdefault(collection, []).append(result["id"])
        self.seed_custom_values()
        self.seed_links()
        self.seed_singletons()
        self.seed_file_names(carrier["id"])
        self.seed_import(csv_rows)
        self.seed_import_profile()

    def upload_files(self, owner: str) -> None:
        for role, name, content, ctype in [
            ("script", "notes.txt", ATTACHMENT_JS.encode(), "text/plain"),
            ("script-js", "module.js", ATTACHMENT_JS.encode(), "text/javascript"),
            ("html", "page.html", ATTACHMENT_HTML.encode(), "text/html"),
            ("svg", "image.svg", ATTACHMENT_SVG.encode(), "image/svg+xml"),
            ("xml-svg", "image.xml", ATTACHMENT_SVG.encode(), "text/xml"),
            ("html-as-png", "photo.png", ATTACHMENT_HTML.encode(), "image/png"),
        ]:
            try:
                self.attachments[role] = self.api.upload("companies", owner, name, content, ctype)["id"]
            except APIError as error:
                self.note(f"upload {name}: {error}")
        self.script_att = self.attachments.get("script", self.script_att)

    def seed_file_names(self, owner: str) -> None:
        """Attachments whose file names are payloads, on the carrier company and on created records."""
        owners = [("companies", owner)] + [(kind, ids[0]) for kind in ("contacts", "interactions", "projects")
                                           if (ids := self.created.get(kind))]
        names = [("polyglot", "'\"><img src=x data-xss={id} onerror=__xss({id})>.txt"),
                 ("script-tag", "<script data-xss={id}>__xss({id})<_script>.txt"),
                 ("dq-attr-inject", "x\" data-xss=\"{id}\" onfocus=\"__xss({id}).txt"),
                 ("sq-attr-inject", "x' data-xss='{id}' onfocus='__xss({id}).txt"),
                 ("svg-onload", "<svg data-xss={id} onload=__xss({id})>.svg")]
        for (kind, owner_id), (payload_name, template) in itertools.product(owners, names):
            filename = self.registry.render(template, f"attachment file name on {kind}", payload_name, self.script_att)
            try:
                result = self.api.upload(kind, owner_id, filename, f"x {filename}".encode(), "text/plain")
                self.attachments[f"name:{result['id']}"] = result["id"]
            except APIError as error:
                self.note(f"upload named {filename!r} on {kind}: {error}")

    def seed_custom_fields(self) -> None:
        schema = self.spec.body_schema("/api/v1/custom-fields", "post")
        if not schema:
            self.note("no POST /api/v1/custom-fields in the OpenAPI document")
            return
        properties = schema.get("properties", {})
        entities = [e for e in (self.spec.resolve(properties.get("entity", {})).get("enum") or []) if e]
        kinds = [k for k in (self.spec.resolve(properties.get("kind", {})).get("enum") or []) if k]
        wanted = [k for k in ("text", "longText", "url", "choice", "multiChoice") if k in kinds] or kinds[:1]
        for index, (entity, kind) in enumerate(itertools.product(entities, wanted)):
            key = f"xss_{re.sub('[^a-z]', '', entity)}_{kind.lower()}_{next(self.counter)}"
            label = self.registry.render(TEXT_PAYLOADS[index % len(TEXT_PAYLOADS)][1], f"custom-field label ({entity}/{kind})",
                                         TEXT_PAYLOADS[index % len(TEXT_PAYLOADS)][0], self.script_att)
            extra = {"key": key, "entity": entity, "kind": kind, "label": label, "showInList": True, "active": True}
            if kind in ("choice", "multiChoice"):
                extra["options"] = "\n".join(
                    self.registry.render(t, f"custom-field choice ({entity}/{kind})", n, self.script_att)
                    for n, t in (SHORT_PAYLOADS[0], SHORT_PAYLOADS[1], ("plain", "Zeta")))
            result = self.write_with_fallback("POST", "/api/v1/custom-fields", "custom-fields", schema, index, extra)
            if result and result.get("id"):
                self.created.setdefault("custom-fields", []).append(result["id"])
                self.custom_fields.append((entity, kind, key, extra.get("options", "")))

    custom_fields: list = field(default_factory=list)

    def seed_custom_values(self) -> None:
        for entity, kind, key, options in self.custom_fields:
            for index, record in enumerate(self.created.get(entity, [])[:2]):
                where = f"custom-field value {entity}.{key}"
                if kind == "url":
                    name, template = URL_PAYLOADS[index % len(URL_PAYLOADS)]
                elif kind in ("choice", "multiChoice"):
                    first = options.split("\n")[0]
                    value: object = first if kind == "choice" else [first]
                    self._patch_custom(entity, record, key, value, where)
                    continue
                else:
                    name, template = TEXT_PAYLOADS[(index * 5 + len(key)) % len(TEXT_PAYLOADS)]
                value = self.registry.render(template, where, name, self.script_att)
                if self._patch_custom(entity, record, key, value, where):
                    continue
                fallbacks = URL_PAYLOADS[index + 1:] + URL_PAYLOADS[:index] if kind == "url" else SHORT_PAYLOADS[:1]
                for name, template in fallbacks:
                    if self._patch_custom(entity, record, key, self.registry.render(template, where, name, self.script_att), where):
                        break

    def _patch_custom(self, entity: str, record: str, key: str, value: object, where: str) -> bool:
        try:
            self.api.call("PATCH", f"/api/v1/{entity}/{record}", {"customFields": {key: value}})
            return True
        except APIError as error:
            self.note(f"{where}: refused {str(value)[:40]!r} ({error.status})")
            return False

    def seed_links(self) -> None:
        """Sub-resources: tags on records, contact–company roles, project members (bodies from the document)."""
        for path, item in self.spec.paths.items():
            match = re.fullmatch(r"/api/v1/([a-z-]+)/\{[^}]+\}/([a-z-]+)", path)
            if not match or match.group(2) in ("merge", "run", "rollback", "cancellation", "simulation", "instances",
                                               "profile", "settings"):
                continue
            collection, sub = match.groups()
            for method in ("post", "put"):
                schema = self.spec.body_schema(path, method)
                if not schema:
                    continue
                for index, record in enumerate(self.created.get(collection, [])[:2]):
                    concrete = re.sub(r"\{[^}]+\}", record, path)
                    extra = {}
                    props = schema.get("properties", {})
                    if "kind" in props and "id" in props:  # a member: a contact, a company or a user
                        target = ["contacts", "companies", "users"][index % 3]
                        if not self.created.get(target):
                            continue
                        extra.update({"kind": target, "id": self.created[target][0]})
                    for key, prop in props.items():
                        prop = self.spec.resolve(prop)
                        if "array" in types_of(prop):
                            items = self.spec.resolve(prop.get("items", {}))
                            if items.get("format") == "uuid" or key.lower().endswith("ids"):
                                target = "tags" if "tag" in key.lower() else REFERENCE_TARGETS.get(key[:-1], "")
                                extra[key] = self.created.get(target, [])[:3]
                        if key == "kind" and "enum" in prop and index < len(prop["enum"]):
                            extra[key] = prop["enum"][index]
                    result = self.write_with_fallback(method.upper(), concrete, f"{collection}/{sub}", schema, index, extra)
                    if result is None:
                        self.note(f"link {method.upper()} {concrete} not stored")

    def seed_singletons(self) -> None:
        """The organisation profile (a singleton PATCH), the admin's own name, and other users' names."""
        for path, item in self.spec.paths.items():
            match = re.fullmatch(r"/api/v1/([a-z-]+)", path)
            if match and isinstance(item, dict) and "patch" in item:
                schema = self.spec.body_schema(path, "patch") or {}
                schema = dict(schema, required=[])
                result = self.write_with_fallback("PATCH", path, match.group(1), schema, 0)  # one record: the polyglot
                if result is not None:
                    self.created.setdefault(match.group(1), [])
        if self.admin_id:
            name = self.registry.render(TEXT_PAYLOADS[0][1][:110], "users.name (the signed-in admin, page header)",
                                        TEXT_PAYLOADS[0][0], self.script_att)
            try:
                self.api.call("PATCH", f"/api/v1/users/{self.admin_id}", {"name": name})
            except APIError as error:
                self.note(f"admin name: {error}")
                short = self.registry.render(SHORT_PAYLOADS[0][1], "users.name (signed-in admin)", "short-break", self.script_att)
                try:
                    self.api.call("PATCH", f"/api/v1/users/{self.admin_id}", {"name": "Hélène " + short})
                except APIError as error2:
                    self.note(f"admin name (short): {error2}")

    def seed_import(self, rows: int) -> None:
        """A CSV import whose file name, column titles and cells are payloads, analysed and run to the end."""
        def cell(where: str, index: int) -> str:
            name, template = TEXT_PAYLOADS[index % len(TEXT_PAYLOADS)]
            text = self.registry.render(template, where, name, self.script_att)
            return '"' + text.replace('"', '""') + '"'

        header_payload = cell("import column title", 3)
        lines = [";".join(["Société", "Ville", "Nom", "Prénom", "Fonction", "Centres d'intérêt", "Notes", header_payload])]
        for row in range(rows):
            lines.append(";".join([cell("import cell (Société)", row), cell("import cell (Ville)", row + 1),
                                   cell("import cell (Nom)", row + 2), cell("import cell (Prénom)", row + 3),
                                   cell("import cell (Fonction)", row + 4), cell("import cell (tags)", row + 5),
                                   cell("import cell (Notes)", row + 6), cell("import cell (extra column)", row + 7)]))
        lines.append(";".join(["Zeta import OK", "Lyon", "Martin", "Zoé", "", "", "", ""]))
        data = ("\r\n".join(lines) + "\r\n").encode()
        file_name = self.registry.render("'\"><img src=x data-xss={id} onerror=__xss({id})>.csv", "import file name",
                                         "polyglot", self.script_att)
        try:
            batch = self.api.call("POST", "/api/v1/imports?fileName=" + urllib.parse.quote(file_name), raw=data,
                                  content_type="text/csv")
        except APIError as error:
            self.note(f"import upload: {error}")
            return
        assert isinstance(batch, dict)
        import_id = batch["id"]
        self.imports.append(import_id)
        columns = ((batch.get("settings") or {}).get("columns")) or []
        unmapped = [c for c in columns if not c.get("target")]
        mapped = {c.get("target") for c in columns if c.get("target")}
        self.note(f"import columns: {[(c.get('header', '')[:20], c.get('target')) for c in columns]}")
        # Columns the synonyms did not map go to a free-text field of the company, when one is left.
        spare = [t for t in ("company.notes", "company.description", "contact.notes", "company.city") if t not in mapped]
        updates = [{"index": c["index"], "target": spare.pop(0)} for c in unmapped if spare]
        settings: dict = {"separator": ";", "hasHeader": True}
        if updates:
            settings["columns"] = updates
        try:
            self.api.call("PUT", f"/api/v1/imports/{import_id}/settings", settings)
        except APIError as error:
            self.note(f"import settings: {error}")
            try:
                self.api.call("PUT", f"/api/v1/imports/{import_id}/settings", {"separator": ";", "hasHeader": True})
            except APIError as error2:
                self.note(f"import settings (plain): {error2}")
        try:
            self.api.call("POST", f"/api/v1/imports/{import_id}/run")
        except APIError as error:
            self.note(f"import run: {error}")
            return
        deadline = time.monotonic() + 40
        status = "?"
        while time.monotonic() < deadline:
            state = self.api.call("GET", f"/api/v1/imports/{import_id}")
            status = state.get("status", "?") if isinstance(state, dict) else "?"
            if status not in ("queued", "running", "simulating", "analysing", "analyzing"):
                break
            time.sleep(0.5)
        self.note(f"import {import_id}: {status}")
        # A second batch left at the mapping step (its pages show the analysis and the column titles).
        try:
            second = self.api.call("POST", "/api/v1/imports?fileName=" + urllib.parse.quote(file_name), raw=data,
                                   content_type="text/csv")
            if isinstance(second, dict):
                self.imports.append(second["id"])
                self.api.call("POST", f"/api/v1/imports/{second['id']}/simulation")
        except APIError as error:
            self.note(f"second import: {error}")

    def seed_import_profile(self) -> None:
        if not self.imports:
            return
        name = self.registry.render(TEXT_PAYLOADS[2][1], "import profile name", TEXT_PAYLOADS[2][0], self.script_att)
        for body in ({"name": name, "importId": self.imports[-1]}, {"name": "Zeta " + SHORT_PAYLOADS[0][1].replace(
                "{id}", str(self.registry.new("import profile name", "short-break"))), "importId": self.imports[-1]}):
            try:
                self.api.call("POST", "/api/v1/import-profiles", body)
                return
            except APIError as error:
                self.note(f"import profile: {error}")


# ---------------------------------------------------------------------------------------------------------
# The browser side.
# ---------------------------------------------------------------------------------------------------------
DETECT_JS = r"""
() => {
  const out = [];
  const short = (el) => (el.outerHTML || '').replace(/\s+/g, ' ').slice(0, 180);
  const where = (el) => { const parts = []; for (let e = el.parentElement; e && parts.length < 3; e = e.parentElement) parts.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')); return parts.join('<'); };
  const add = (kind, el, extra) => out.push(Object.assign({kind, html: el ? short(el) : '', parent: el ? where(el) : '', marker: el && el.getAttribute ? el.getAttribute('data-xss') : null}, extra || {}));
  document.querySelectorAll('[data-xss]').forEach(el => add('marker element', el));
  document.querySelectorAll('script').forEach(s => {
    const src = s.getAttribute('src');
    let ok = false;
    if (src) { try { const u = new URL(src, location.href); ok = u.origin === location.origin && u.pathname.startsWith('/assets/'); } catch (e) {} }
    if (!ok) add('foreign script element', s);
  });
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) { if (/^on/i.test(a.name)) { add('event handler attribute ' + a.name, el); break; } }
  }
  document.querySelectorAll('iframe,frame,frameset,object,embed,applet,base,portal,meta[http-equiv]').forEach(el => {
    const equiv = (el.getAttribute('http-equiv') || '').toLowerCase();
    if (el.tagName === 'META' && equiv !== 'refresh' && equiv !== 'set-cookie') return;
    add('unexpected element <' + el.tagName.toLowerCase() + '>', el);
  });
  const urlAttrs = [['a','href'],['area','href'],['form','action'],['button','formaction'],['input','formaction'],['iframe','src'],['embed','src'],['object','data'],['link','href'],['use','href'],['a','xlink:href'],['use','xlink:href']];
  for (const [tag, attr] of urlAttrs) {
    document.querySelectorAll(tag + '[' + attr.replace(':', '\\:') + ']').forEach(el => {
      const raw = (el.getAttribute(attr) || '').replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (/^(javascript|vbscript):/.test(raw) || (/^data:/.test(raw) && tag !== 'img')) add('dangerous URL in ' + tag + '[' + attr + ']', el);
    });
  }
  const html = document.documentElement.outerHTML;
  const re = /tpl(\d+):\s*1337/g; let m;
  while ((m = re.exec(html)) !== null) out.push({kind: 'template expression evaluated', marker: m[1], html: html.slice(Math.max(0, m.index - 60), m.index + 40), parent: ''});
  if (typeof window.__xss !== 'function') out.push({kind: 'window.__xss overwritten', marker: null, html: String(window.__xss).slice(0, 80), parent: ''});
  if (document.documentElement.getAttribute('data-xss')) out.push({kind: 'uploaded script ran', marker: document.documentElement.getAttribute('data-xss'), html: '', parent: ''});
  const links = Array.from(document.querySelectorAll('a[href]')).map(a => a.href);
  const forms = Array.from(document.querySelectorAll('form')).filter(f => (f.getAttribute('method') || 'get').toLowerCase() === 'get')
    .map(f => ({action: f.action, names: Array.from(f.elements)
      .filter(e => e.name && (e.tagName === 'TEXTAREA' || (e.tagName === 'INPUT' && ['text', 'search', 'hidden', ''].includes((e.getAttribute('type') || '').toLowerCase()))))
      .map(e => e.name)}));
  return {findings: out, links, forms, title: document.title};
}
"""

INIT_JS = r"""
(() => {
  const report = (e) => { try { window.__xssCsp && window.__xssCsp(e.effectiveDirective || e.violatedDirective || '', e.blockedURI || '', (e.sample || '').slice(0, 120), location.href); } catch (err) {} };
  document.addEventListener('securitypolicyviolation', report, true);
})();
"""

CSP_FAILING = re.compile(r"^(script-src|script-src-elem|script-src-attr|object-src|frame-src|child-src|base-uri|worker-src|default-src|navigate-to|form-action)")


@dataclass(order=True)
class Job:
    priority: int
    sequence: int
    url: str = field(compare=False)
    reason: str = field(compare=False, default="")


@dataclass
class PageResult:
    url: str
    reason: str
    findings: list[dict] = field(default_factory=list)
    status: int | None = None
    note: str = ""


class Crawler:
    def __init__(self, base: str, registry: Registry, seeder: Seeder, deadline: float, workers: int,
                 max_pages: int, per_pattern: int) -> None:
        self.base = base.rstrip("/")
        self.registry = registry
        self.seeder = seeder
        self.deadline = deadline
        self.workers = workers
        self.max_pages = max_pages
        self.per_pattern = per_pattern
        self.queue: asyncio.PriorityQueue[Job] = asyncio.PriorityQueue()
        self.sequence = itertools.count()
        self.seen: set[str] = set()
        self.patterns: dict[str, int] = {}
        self.reflected_done: set[str] = set()
        self.results: list[PageResult] = []
        self.live: dict[str, list[dict]] = {}  # page url -> evidence reported while it was open
        self.ours = {i for ids in seeder.created.values() for i in ids} | set(seeder.imports) | \
            set(seeder.attachments.values())
        self.unvisited_seeds = 0
        self.current: dict[int, str] = {}

    # -- queue -----------------------------------------------------------------------------------------
    def normalise(self, url: str) -> str | None:
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(self.base + "/", url))
        base = urllib.parse.urlsplit(self.base)
        if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
            return None
        return urllib.parse.urlunsplit(("http", parts.netloc, parts.path or "/", parts.query, ""))

    def add(self, url: str, reason: str, priority: int = 5, force: bool = False) -> None:
        full = self.normalise(url)
        if full is None or full in self.seen:
            return
        path, query = urllib.parse.urlsplit(full).path, urllib.parse.urlsplit(full).query
        if not force and (SKIP_LINK.search(path) or SKIP_LINK.search("?" + query)):
            return
        if not force:
            has_ours = any(i in path for i in self.ours)
            pattern = UUID_RE.sub(":id", path) + "?" + ",".join(sorted(urllib.parse.parse_qs(urllib.parse.urlsplit(full).query)))
            if not has_ours:
                if self.patterns.get(pattern, 0) >= self.per_pattern:
                    return
                self.patterns[pattern] = self.patterns.get(pattern, 0) + 1
        self.seen.add(full)
        self.queue.put_nowait(Job(priority, next(self.sequence), full, reason))

    def payload_query(self, names: list[str], where: str) -> str:
        pairs = []
        for index, name in enumerate(dict.fromkeys(names)):
            payload_name, template = TEXT_PAYLOADS[index % len(TEXT_PAYLOADS)]
            pairs.append((name, self.registry.render(template, f"query {name} on {where}", payload_name, self.seeder.script_att)))
        return urllib.parse.urlencode(pairs)

    def accepted_query(self, path: str, names: list[str], where: str) -> str | None:
        """A query putting payloads in every parameter the page accepts: each one is tried alone first (a
        parameter the page refuses, e.g. a date filter, would turn the whole page into an error page)."""
        kept = []
        for name in dict.fromkeys(names):
            probe = urllib.parse.urlencode({name: "tpl0:<b>'\"x"})
            try:
                status = self.seeder.api.status(f"{path}?{probe}")
            except Exception:  # noqa: BLE001
                continue
            if status < 400:
                kept.append(name)
        return self.payload_query(kept, where) if kept else None

    def seed_pages(self, spec: OpenAPI) -> None:
        for path in ["/", "/agenda", "/agenda?view=month", "/agenda?view=day", "/interactions/board", "/tasks",
                     "/admin/imports", "/admin/import-profiles", "/admin/audit", "/admin/security", "/agenda/feeds",
                     "/account", "/account/tokens", "/account/password", "/account/two-factor", "/resources/free",
                     "/admin/organization", "/admin/organization/edit", "/search"]:
            self.add(path, "fixed page", 1)
        for collection in list(self.seeder.created) + spec.collections():
            html = HTML_PATHS.get(collection, f"/{collection}")
            self.add(html, "list page", 1)
            if collection in spec.collections() and collection not in SPECIAL:
                self.add(html + "/new", "new form", 2)
        for collection, ids in self.seeder.created.items():
            html = HTML_PATHS.get(collection, f"/{collection}")
            for record in ids:
                self.add(f"{html}/{record}", f"detail of a {collection} with payloads", 1, force=True)
                self.add(f"{html}/{record}/edit", f"edit form of a {collection} with payloads", 2, force=True)
        for import_id in self.seeder.imports:
            self.add(f"/admin/imports/{import_id}", "import batch with payloads", 1, force=True)
        for board_type in self.seeder.created.get("interaction-types", []):
            self.add(f"/interactions/board?type={board_type}", "board of a payload type", 2, force=True)
        # Reflected input: the search page, list filters from the document, the sign-in `next`, error pages.
        for index, (name, template) in enumerate(TEXT_PAYLOADS):
            q = self.registry.render(template, "search q", name, self.seeder.script_att)
            self.add("/search?" + urllib.parse.urlencode({"q": q}), "search with a payload", 3 if index else 1, force=True)
        for collection in [c for c in spec.collections() if c not in SPECIAL] + ["custom-fields", "audit-entries"]:
            html = HTML_PATHS.get(collection, f"/{collection}")
            # q alone (a valid list), the filters of the list (from the document), then sort and cursor.
            self.add(f"{html}?{self.payload_query(['q'], html)}", "list with payload q", 2, force=True)
            filters = [n for n in spec.list_query_parameters(collection) if n not in ("q", "sort", "limit", "cursor")]
            query = self.accepted_query(html, ["q"] + filters, html) if filters else None
            if query:
                self.add(f"{html}?{query}", "list with payload filters", 2, force=True)
            self.add(f"{html}?{self.payload_query(['sort', 'cursor'], html)}", "list with payload sort/cursor", 3, force=True)
            new_names = list((spec.body_schema(f"/api/v1/{collection}", "post") or {}).get("properties", {}).keys())
            if new_names and collection != "audit-entries":
                self.add(f"{html}/new?{self.payload_query(new_names, html + '/new')}", "new form prefilled from query", 3, force=True)
        for path, names in [("/agenda", ["view", "date", "type", "owner", "resource"]), ("/resources/free", ["from", "to", "kind"]),
                            ("/interactions/board", ["type"]), ("/tasks", ["q", "owner", "due"]), ("/", ["q"]),
                            ("/admin/imports", ["q"])]:
            self.add(f"{path}?{self.payload_query(names, path)}", "page with payload query", 3, force=True)
        marker = self.registry.new("URL path on a 404 page", "path-break")
        self.add(f"/companies/%22%3E%3Cimg%20src%3Dx%20data-xss%3D{marker}%3E", "404 with a payload path", 3, force=True)
        marker = self.registry.new("URL path on a 404 page", "path-break")
        self.add(f"/nowhere/%3Cscript%20data-xss%3D{marker}%3E__xss({marker})%3C%2Fscript%3E", "404 with a payload path", 3, force=True)

    # -- browser ---------------------------------------------------------------------------------------
    async def login(self, context, email: str, password: str) -> str:
        page = await context.new_page()
        try:
            await page.goto(self.base + "/login", wait_until="load", timeout=30000)
            await page.fill("#email", email)
            await page.fill("#password", password)
            async with page.expect_navigation(wait_until="load", timeout=30000):
                await page.click("form.login-form button[type=submit], form[action='/login'] button[type=submit]")
            return urllib.parse.urlsplit(page.url).path
        finally:
            await page.close()

    def record_live(self, page_url: str, evidence: dict) -> None:
        self.live.setdefault(page_url, []).append(evidence)

    async def visit(self, page, job: Job) -> PageResult:
        result = PageResult(job.url, job.reason)
        self.live[job.url] = []
        self.current[id(page)] = job.url
        response = None
        try:
            response = await page.goto(job.url, wait_until="load", timeout=20000)
        except Exception as error:  # noqa: BLE001 - downloads and timeouts are reported, not fatal
            message = str(error).splitlines()[0]
            result.note = "download" if "Download is starting" in message else f"navigation: {message[:120]}"
            if result.note != "download":
                result.findings.append({"kind": "page did not load", "html": message[:160], "parent": "", "marker": None,
                                        "soft": True})
            result.findings.extend(self.live.pop(job.url, []))
            return result
        result.status = response.status if response else None
        await page.wait_for_timeout(150)  # deferred scripts, onload/onerror handlers, CSP reports
        try:
            data = await page.evaluate(DETECT_JS)
        except Exception as error:  # noqa: BLE001
            result.findings.append({"kind": "page could not be inspected", "html": str(error)[:160], "parent": "",
                                    "marker": None, "soft": True})
            data = {"findings": [], "links": [], "forms": []}
        result.findings.extend(data["findings"])
        result.findings.extend(self.live.pop(job.url, []))
        if response and response.status >= 500:
            result.findings.append({"kind": f"HTTP {response.status}", "html": "", "parent": "", "marker": None, "soft": True})
        for link in data["links"]:
            self.add(link, f"linked from {urllib.parse.urlsplit(job.url).path}", 6)
        for form in data["forms"]:
            action = self.normalise(form["action"] or job.url)
            if not action or not form["names"]:
                continue
            key = UUID_RE.sub(":id", urllib.parse.urlsplit(action).path)
            if key in self.reflected_done or SKIP_LINK.search(urllib.parse.urlsplit(action).path):
                continue
            self.reflected_done.add(key)
            query = await asyncio.to_thread(self.accepted_query, urllib.parse.urlsplit(action).path, form["names"], key)
            if query:
                self.add(action.split("?")[0] + "?" + query, f"GET form of {key} with payloads", 4, force=True)
        return result

    async def worker(self, context) -> None:
        page = await context.new_page()
        page.on("dialog", lambda dialog: self._on_dialog(page, dialog))
        page.on("console", lambda message: self._on_console(page, message))
        try:
            while True:
                try:
                    job = self.queue.get_nowait()
                except asyncio.QueueEmpty:
                    if self.busy == 0:
                        return
                    await asyncio.sleep(0.1)
                    continue
                if time.monotonic() > self.deadline or len(self.results) >= self.max_pages:
                    if job.priority <= 3:
                        self.unvisited_seeds += 1
                    continue
                self.busy += 1
                try:
                    self.results.append(await self.visit(page, job))
                finally:
                    self.busy -= 1
        finally:
            await page.close()

    busy = 0

    def _on_dialog(self, page, dialog) -> None:
        url = self.current.get(id(page), page.url)
        self.record_live(url, {"kind": f"JavaScript {dialog.type}() dialog", "html": dialog.message[:120], "parent": "",
                               "marker": dialog.message.strip() if dialog.message.strip().isdigit() else None})
        asyncio.ensure_future(dialog.dismiss())

    def _on_console(self, page, message) -> None:
        text = message.text
        url = self.current.get(id(page), page.url)
        found = re.search(r"xss-marker-(\w+)", text)
        if found:
            self.record_live(url, {"kind": "payload wrote to the console", "html": text[:160], "parent": "",
                                   "marker": found.group(1)})

    def on_binding(self, source, *args) -> None:
        page = source.get("page")
        url = self.current.get(id(page), page.url) if page else "?"
        marker = str(args[0]) if args else None
        self.record_live(url, {"kind": "payload executed (__xss called)", "html": f"frame {source.get('frame').url[:100]}"
                               if source.get("frame") else "", "parent": "", "marker": marker})

    def on_csp(self, source, directive, blocked, sample, location) -> None:
        page = source.get("page")
        url = self.current.get(id(page), page.url) if page else location
        if CSP_FAILING.match(directive or ""):
            self.record_live(url, {"kind": f"CSP blocked injected code ({directive}, {blocked or '?'})", "html": (sample or "")[:160],
                                   "parent": "", "marker": (re.search(r"__xss\((\d+)\)", sample or "") or [None, None])[1]})

    async def run(self, browser) -> None:
        context = await browser.new_context(base_url=self.base, accept_downloads=True, java_script_enabled=True,
                                            locale="fr-FR", viewport={"width": 1280, "height": 900})
        await context.expose_binding("__xss", self.on_binding)
        await context.expose_binding("__xssCsp", self.on_csp)
        await context.add_init_script(INIT_JS)
        await context.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/]).*"), lambda route: self._block(route))
        landed = await self.login(context, ADMIN_EMAIL, DEMO_PASSWORD)
        if landed.startswith("/login"):
            raise SystemExit(f"xss-corpus: could not sign in as {ADMIN_EMAIL} (landed on {landed})")
        await asyncio.gather(*(self.worker(context) for _ in range(self.workers)))
        await self.check_files(context)
        await self.check_guest(browser)
        await context.close()

    async def _block(self, route) -> None:
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")):
            await route.continue_()
        else:
            await route.abort()

    async def check_files(self, context) -> None:
        """Uploaded HTML/SVG/JS files: opened at their download URLs, framed, and loaded as scripts from a page of
        the app. None may run."""
        page = await context.new_page()
        page.on("dialog", lambda dialog: self._on_dialog(page, dialog))
        try:
            for role in ("html", "svg", "xml-svg", "html-as-png", "script", "script-js"):
                att = self.seeder.attachments.get(role)
                if not att:
                    continue
                for url in (f"/attachments/{att}", f"/api/v1/attachments/{att}/content"):
                    full = self.base + url
                    result = PageResult(full, f"uploaded {role} file opened in the browser")
                    self.live[full] = []
                    self.current[id(page)] = full
                    try:
                        response = await page.goto(full, wait_until="load", timeout=15000)
                        await page.wait_for_timeout(300)
                        headers = {k.lower(): v for k, v in (response.headers.items() if response else [])}
                        ctype = headers.get("content-type", "")
                        disposition = headers.get("content-disposition", "")
                        csp = headers.get("content-security-policy", "")
                        active = re.search(r"html|svg|xml|javascript|ecmascript", ctype)
                        if active and not disposition.startswith("attachment") and "sandbox" not in csp:
                            result.findings.append({"kind": "active content served inline without a sandbox CSP",
                                                    "html": f"{ctype}; {disposition}", "parent": "", "marker": role})
                        result.note = f"rendered as {ctype or '?'}"
                    except Exception as error:  # noqa: BLE001
                        result.note = "download" if "Download is starting" in str(error) else str(error).splitlines()[0][:120]
                    result.findings.extend(self.live.pop(full, []))
                    self.results.append(result)
            # From a page of the app: the files as same-origin scripts and frames.
            anchor = self.base + "/"
            await page.goto(anchor, wait_until="load", timeout=20000)
            for role in ("script", "script-js", "html", "svg"):
                att = self.seeder.attachments.get(role)
                if not att:
                    continue
                for src in (f"/attachments/{att}", f"/api/v1/attachments/{att}/content"):
                    label = self.base + f"/#script-src={src}"
                    self.live[label] = []
                    self.current[id(page)] = label
                    outcome = await page.evaluate(
                        """(src) => new Promise(resolve => {
                               const s = document.createElement('script'); s.src = src;
                               s.onload = () => resolve('loaded'); s.onerror = () => resolve('refused');
                               document.head.appendChild(s); setTimeout(() => resolve('timeout'), 4000);
                           })""", src)
                    await page.wait_for_timeout(100)
                    ran = await page.evaluate("() => document.documentElement.getAttribute('data-xss')")
                    result = PageResult(label, f"uploaded {role} file loaded as a same-origin <script>", note=outcome)
                    if ran:
                        result.findings.append({"kind": "uploaded file ran as a same-origin script", "html": src,
                                                "parent": "", "marker": ran})
                        await page.evaluate("() => document.documentElement.removeAttribute('data-xss')")
                    result.findings.extend(self.live.pop(label, []))
                    self.results.append(result)
                    label = self.base + f"/#iframe={src}"
                    self.live[label] = []
                    self.current[id(page)] = label
                    await page.evaluate(
                        """(src) => new Promise(resolve => { const f = document.createElement('iframe'); f.src = src;
                               f.onload = () => resolve('loaded'); document.body.appendChild(f); setTimeout(() => resolve('timeout'), 3000); })""", src)
                    await page.wait_for_timeout(300)
                    result = PageResult(label, f"uploaded {role} file in a same-origin <iframe>")
                    result.findings.extend(self.live.pop(label, []))
                    self.results.append(result)
        finally:
            await page.close()

    async def check_guest(self, browser) -> None:
        """The extranet portal as a guest of a project holding payloads (optional: skipped if no guest can be made)."""
        email, projects = self.seeder.guest_email, self.seeder.created.get("projects", [])
        if not email or not projects or time.monotonic() > self.deadline + 30:
            return
        context = await browser.new_context(base_url=self.base, accept_downloads=True)
        await context.expose_binding("__xss", self.on_binding)
        await context.expose_binding("__xssCsp", self.on_csp)
        await context.add_init_script(INIT_JS)
        try:
            landed = await self.login(context, email, self.seeder.guest_password)
            page = await context.new_page()
            page.on("dialog", lambda dialog: self._on_dialog(page, dialog))
            if landed.startswith("/account/password"):
                await page.goto(self.base + "/account/password", wait_until="load")
                await page.fill("[name=currentPassword]", self.seeder.guest_password)
                await page.fill("[name=newPassword]", self.seeder.guest_password + "-2")
                await page.fill("[name=confirmPassword]", self.seeder.guest_password + "-2")
                async with page.expect_navigation(wait_until="load", timeout=20000):
                    await page.click("main form button[type=submit]")
            for path in ["/portal"] + [f"/portal/projects/{p}" for p in projects]:
                job = Job(1, 0, self.base + path, "guest portal")
                self.current[id(page)] = job.url
                self.results.append(await self.visit(page, job))
            await page.close()
        except Exception as error:  # noqa: BLE001 - the portal is optional
            self.seeder.note(f"guest portal not checked: {str(error).splitlines()[0][:160]}")
        finally:
            await context.close()


def seed_guest(seeder: Seeder) -> None:
    """A guest user (extranet) member of the payload projects, for the portal pages."""
    projects = seeder.created.get("projects", [])
    if not projects:
        return
    password = "Xss-guest-Passw0rd-2026!"
    email = f"xss.guest.{uuid.uuid4().hex[:6]}@example.com"
    name = seeder.registry.render(SHORT_PAYLOADS[0][1], "users.name (guest)", SHORT_PAYLOADS[0][0], seeder.script_att)
    body = {"name": "Invité " + name, "email": email, "role": "guest", "locale": "fr", "password": password,
            "defaultProjectId": projects[0], "active": True}
    try:
        result = seeder.api.call("POST", "/api/v1/users", body)
    except APIError as error:
        seeder.note(f"guest user: {error}")
        return
    if not isinstance(result, dict):
        return
    for project in projects[1:]:
        try:
            seeder.api.call("POST", f"/api/v1/projects/{project}/members", {"kind": "users", "id": result["id"]})
        except APIError:
            pass
    seeder.guest_email = email
    seeder.guest_password = password



# ---------------------------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:18181")
    parser.add_argument("--token", required=True, help="an administrator's API token")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--budget", type=float, default=150, help="seconds for the browser crawl (default 150)")
    parser.add_argument("--workers", type=int, default=3, help="browser tabs in parallel (default 3)")
    parser.add_argument("--max-pages", type=int, default=450)
    parser.add_argument("--per-pattern", type=int, default=2, help="pages per route pattern among demo records")
    parser.add_argument("--report", help="write every page and finding as JSON here")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.base_url).hostname
    if host not in ("127.0.0.1", "localhost"):
        print("xss-corpus: only a local server is checked", file=sys.stderr)
        return 2

    started = time.monotonic()
    registry = Registry()
    api = API(args.base_url, args.token)
    spec = OpenAPI(api.call("GET", "/api/v1/openapi.json"))  # type: ignore[arg-type]
    seeder = Seeder(api, spec, registry)
    seeder.seed()
    seed_guest(seeder)
    stored = sum(len(v) for v in seeder.created.values())
    print(f"xss-corpus: stored {len(registry.markers)} payloads in {stored} records, "
          f"{len(seeder.attachments)} uploads, {len(seeder.imports)} imports ({time.monotonic() - started:.0f} s)", flush=True)
    if args.verbose:
        for line in seeder.log:
            print("  seed:", line)
        print("  created:", {k: len(v) for k, v in seeder.created.items()})

    from playwright.async_api import async_playwright

    async def browse() -> Crawler:
        crawler = Crawler(args.base_url, registry, seeder, time.monotonic() + args.budget, args.workers,
                          args.max_pages, args.per_pattern)
        crawler.seed_pages(spec)
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=args.chromium, headless=True,
                                                       args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"])
            try:
                await crawler.run(browser)
            finally:
                await browser.close()
        return crawler

    crawler = asyncio.run(browse())
    hard = lambda finding: not finding.get("soft")  # noqa: E731
    failed = [r for r in crawler.results if any(hard(f) for f in r.findings)]
    soft = [r for r in crawler.results if r.findings and not any(hard(f) for f in r.findings)]
    passed = len(crawler.results) - len(failed)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as handle:
            json.dump({"pages": [r.__dict__ for r in crawler.results], "seedLog": seeder.log,
                       "markers": {k: v.__dict__ for k, v in registry.markers.items()}}, handle, ensure_ascii=False, indent=1)
    if args.verbose or soft:
        for result in soft:
            print(f"  note: {result.url[len(args.base_url):][:100]}: {result.findings[0]['kind']} {result.findings[0]['html'][:100]}")
    if crawler.unvisited_seeds:
        print(f"  warning: {crawler.unvisited_seeds} planned pages not visited (time budget)")
    if failed:
        print("Pages with injected or executed payloads:")
        sources: dict[str, int] = {}
        for result in failed[:60]:
            path = result.url[len(args.base_url):]
            kinds = {}
            for finding in result.findings:
                if finding.get("soft"):
                    continue
                label = finding["kind"] if finding.get("marker") is None else f"{finding['kind']}: {registry.describe(finding.get('marker'))}"
                kinds.setdefault(label, finding)
                if finding.get("marker") is not None:
                    source = registry.describe(finding.get("marker"))
                    sources[source] = sources.get(source, 0) + 1
            print(f"  {path[:110]}  [{result.reason}]")
            for label, finding in list(kinds.items())[:4]:
                parent = f" in <{finding['parent']}>" if finding.get("parent") else ""
                print(f"      - {label}{parent} {finding.get('html', '')[:110]}")
            if len(kinds) > 4:
                print(f"      … and {len(kinds) - 4} more")
        if len(failed) > 60:
            print(f"  … and {len(failed) - 60} more pages")
        print("Injected payloads by where they were stored:")
        for source, count in sorted(sources.items(), key=lambda item: -item[1])[:25]:
            print(f"  {count:4d} × {source}")
    print(f"xss-corpus: {len(crawler.results)} pages checked in {time.monotonic() - started:.0f} s")
    print(f"xss-corpus: {passed} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

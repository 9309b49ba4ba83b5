"""Cross-site scripting payloads, each tagged with its own marker (``XSS01``…) so a page can tell which
payload reached it and whether any of them became markup instead of text.

Every payload that would run calls ``alert()`` or sets ``window.__xss``: the browser test counts dialogs
and that variable, and looks for injected elements and attributes in the DOM.
"""

import re

_TEMPLATES = [
    "<script>alert('{m}')</script>",
    "<img src=x onerror=alert('{m}')>",
    "<svg onload=alert('{m}')>",
    "<svg><script>alert('{m}')</script></svg>",
    "\"><script>alert('{m}')</script>",
    "'><img src=x onerror=alert('{m}')>",
    "' onmouseover='alert(\"{m}\")' x='",
    '" onfocus="alert(\'{m}\')" autofocus x="',
    "<a href=\"javascript:alert('{m}')\">linkki</a>",
    "<a href=\"JaVaScRiPt:alert('{m}')\">linkki</a>",
    "<a href=\"&#106;avascript:alert('{m}')\">entity</a>",
    "<a href=\"jav&#x09;ascript:alert('{m}')\">tab</a>",
    "javascript:alert('{m}')",
    "<iframe srcdoc=\"<script>parent.alert('{m}')</script>\"></iframe>",
    "<iframe src=\"javascript:alert('{m}')\"></iframe>",
    "<iframe src=\"data:text/html,<script>alert('{m}')</script>\"></iframe>",
    "<embed src=\"javascript:alert('{m}')\">",
    "<object data=\"javascript:alert('{m}')\"></object>",
    "<body onload=alert('{m}')>",
    "<details open ontoggle=alert('{m}')>",
    "<input autofocus onfocus=alert('{m}')>",
    "<video><source onerror=alert('{m}')></video>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('{m}')>",
    "<div style=\"width:expression(alert('{m}'))\">css</div>",
    "<div style=\"background:url(javascript:alert('{m}'))\">css</div>",
    "<style>@import 'javascript:alert(\"{m}\")';</style>",
    "</textarea><script>alert('{m}')</script>",
    "</title><script>alert('{m}')</script>",
    "</script><script>alert('{m}')</script>",
    "{m}{{{{7*7}}}}${{7*7}}",
    "{{{{constructor.constructor('alert(\"{m}\")')()}}}}",
    "&lt;script&gt;alert('{m}')&lt;/script&gt;",
    "\\u003cscript\\u003ealert('{m}')\\u003c/script\\u003e",
    "\uff1cscript\uff1ealert('{m}')\uff1c/script\uff1e",
    "<scr<script>ipt>alert('{m}')</scr</script>ipt>",
    "<IMG SRC=JaVaScRiPt:alert('{m}')>",
    '<img src="x" onerror="&#97;lert(\'{m}\')">',
    "<base href=\"javascript:alert('{m}')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'{m}\')">',
    "<form action=\"javascript:alert('{m}')\"><button>lomake</button></form>",
    "<button formaction=\"javascript:alert('{m}')\">nappi</button>",
    "<marquee onstart=alert('{m}')>",
    "<a href=\"data:text/html,<script>alert('{m}')</script>\">data</a>",
    '<svg><a xlink:href="javascript:alert(\'{m}\')"><text x="9" y="9">svg</text></a></svg>',
    "<img src=x onerror=window.__xss='{m}'>",
    "\"><svg/onload=alert('{m}')>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('{m}')>\">",
    "<a href=\"vbscript:msgbox('{m}')\">vb</a>",
    "<link rel=stylesheet href=\"javascript:alert('{m}')\">",
    "<<script>alert('{m}');//<</script>",
]

PAYLOADS = [template.format(m=f"XSS{number:02d}") for number, template in enumerate(_TEMPLATES, start=1)]
MARKER = re.compile(r"XSS\d\d")
# A payload evaluated as a template would show the marker followed by 49.
TEMPLATE_EVALUATED = re.compile(r"XSS\d\d49")

# A javascript: URL for URL fields written without form validation (imports, code, the ORM).
JAVASCRIPT_URL = "javascript:alert('XSS90')"


def all_payloads() -> str:
    return "\n".join(PAYLOADS)


def packed(max_length: int) -> list[str]:
    """The payloads packed into as few strings of at most ``max_length`` characters as possible."""
    chunks, current = [], ""
    for payload in PAYLOADS:
        if len(payload) > max_length:
            continue
        candidate = f"{current} {payload}" if current else payload
        if len(candidate) > max_length:
            chunks.append(current)
            candidate = payload
        current = candidate
    chunks.append(current)
    return chunks


def rich_text() -> str:
    """Every payload as stored rich text, plus the links an editor could not make in the editor."""
    paragraphs = [f"<p>{payload}</p>" for payload in PAYLOADS]
    paragraphs.append("<p><a href=\"javascript:alert('XSS91')\">rich-text link</a></p>")
    paragraphs.append('<p><a linktype="external" href="javascript:alert(\'XSS92\')">wagtail link</a></p>')
    return "".join(paragraphs) + "".join(PAYLOADS)


# Runs in the page: elements and attributes that payloads would have created, had they become markup.
INJECTED_NODES_JS = r"""
() => {
  const marker = /XSS\d\d/;
  const urlAttributes = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster',
                                 'background', 'content']);
  const activeTags = new Set(['script', 'iframe', 'frame', 'object', 'embed', 'base', 'meta', 'link',
                              'style', 'marquee', 'details', 'video', 'audio', 'source', 'math']);
  const found = [];
  for (const element of document.querySelectorAll('*')) {
    const tag = element.localName;
    if (tag === 'script') {
      const type = (element.getAttribute('type') || 'text/javascript').toLowerCase();
      const executable = type.includes('javascript') || type === 'module';
      if (executable && marker.test(element.textContent)) {
        found.push('script: ' + element.outerHTML.slice(0, 120));
      }
    } else if (activeTags.has(tag) && marker.test(element.outerHTML)) {
      found.push(tag + ': ' + element.outerHTML.slice(0, 120));
    }
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      if (name.startsWith('on') && marker.test(attribute.value)) {
        found.push(`${tag}[${name}]: ${attribute.value.slice(0, 80)}`);
      } else if (urlAttributes.has(name) && /^(javascript|vbscript|data:text\/html)/.test(value)) {
        found.push(`${tag}[${name}]: ${attribute.value.slice(0, 80)}`);
      } else if (urlAttributes.has(name) && /url=javascript/.test(value)) {
        found.push(`${tag}[${name}]: ${attribute.value.slice(0, 80)}`);
      } else if (name === 'srcdoc' || (name === 'style' && marker.test(attribute.value))) {
        found.push(`${tag}[${name}]: ${attribute.value.slice(0, 80)}`);
      } else if (marker.test(name)) {
        found.push(`${tag}[${name}]`);
      }
    }
  }
  return found;
}
"""

"""Count script execution in Chromium.

An init script (Playwright runs it before any page script, outside the CSP)
replaces alert/confirm/prompt/print/open and counts every call; dialogs are
counted too. After the page settles, a DOM sweep reports what could still run
on interaction: on* attributes, javascript:/data: URLs in href/src/action,
script/iframe/object/embed elements that Gilde did not put there.
"""

HOOK = """
(() => {
  window.__xss = 0;
  const hit = () => { window.__xss += 1; };
  for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
    try { Object.defineProperty(window, name, { value: hit, writable: false, configurable: false }); } catch (e) {}
  }
})();
"""

SWEEP = """
(() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const n = attr.name.toLowerCase();
      const v = (attr.value || "").replace(/[\\s\\u0000-\\u001f]/g, "").toLowerCase();
      if (n.startsWith("on")) found.push(el.tagName + "[" + n + "]");
      if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(n) &&
          (v.startsWith("javascript:") || v.startsWith("vbscript:") || (v.startsWith("data:") && el.tagName !== "IMG")))
        found.push(el.tagName + "[" + n + "=" + v.slice(0, 30) + "]");
    }
    const tag = el.tagName.toLowerCase();
    const embeds = ["iframe", "object", "embed", "frame", "frameset", "applet", "base"];
    if (embeds.includes(tag) && !el.closest("[data-gilde]")) found.push(tag);
    if (tag === "script" && !el.nonce && el.type !== "application/ld+json") found.push("script");
  }
  return found;
})();
"""


def executions(page) -> int:
    return page.evaluate("window.__xss || 0")


def prepare(context):
    """Arm a browser context: hooks in every page, dialogs counted and dismissed."""
    state = {"dialogs": 0}
    context.add_init_script(HOOK)

    def on_dialog(dialog):
        state["dialogs"] += 1
        dialog.dismiss()

    context.on("page", lambda p: p.on("dialog", on_dialog))
    return state


def settle(page):
    # Give autofocus/onfocus, onload, animation and timer payloads a chance to fire.
    page.wait_for_timeout(60)
    try:
        page.keyboard.press("Tab")
        page.mouse.move(10, 10)
        page.mouse.move(400, 300)
    except Exception:
        pass
    page.wait_for_timeout(40)

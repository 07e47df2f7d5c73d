#!/usr/bin/env python3
"""Writes N realistic Kakao templates twice: OUT/ktpl/NNNNNN.ktpl and OUT/json/NNNNNN.json.

All six template types; about 10% invalid in ways ktpl reports as errors (too many
buttons, a misspelled field, a string price, a one-item list, a text over 200
characters). The same template in both forms, so the two runs compare like with like.
Standard library only; deterministic for a seed.

usage: gen_corpus.py OUT_DIR N [--seed S] [--golden]

--golden breaks half the templates, in many more ways (every schema rule, most lints,
and syntax and compile errors that only the .ktpl form has): the corpus of the golden
test (tests/golden.rs), which proves that a speed change drops or moves no finding.
"""
import json
import os
import random
import sys

WORDS_KO = ["오늘의", "디저트", "신메뉴", "출시", "주문", "발송", "할인", "이벤트", "모임", "초대", "케익", "커피", "라떼", "빵", "쿠폰"]
WORDS_EN = ["today", "dessert", "new", "menu", "order", "shipped", "sale", "event", "meetup", "invite", "cake", "coffee", "latte", "bread", "coupon"]


def words(rng, n):
    pool = WORDS_KO if rng.random() < 0.6 else WORDS_EN
    return " ".join(rng.choice(pool) for _ in range(n))


def url(rng, path="p"):
    return f"https://example.com/{path}/{rng.randrange(1, 10**6)}"


def image(rng):
    return f"https://cdn.example.com/img/{rng.randrange(1, 10**6)}.png"


def link(rng):
    u = url(rng)
    if rng.random() < 0.3:
        return {"web_url": u, "mobile_web_url": u, "android_execution_params": f"id={rng.randrange(100)}", "ios_execution_params": f"id={rng.randrange(100)}"}
    return {"web_url": u, "mobile_web_url": u}


def content(rng, with_image=True):
    c = {"title": words(rng, 3)}
    if with_image:
        c.update({"image_url": image(rng), "image_width": 640, "image_height": 640})
    if rng.random() < 0.7:
        c["description"] = words(rng, 6)
    c["link"] = link(rng)
    return c


def buttons(rng, n):
    return [{"title": words(rng, 1), "link": link(rng)} for _ in range(n)]


def template(rng, kind):
    if kind == "feed":
        t = {"object_type": "feed", "content": content(rng)}
        if rng.random() < 0.4:
            t["item_content"] = {
                "profile_text": "Kakao",
                "items": [{"item": f"item{i}", "item_op": f"{(i + 1) * 1000}원"} for i in range(rng.randrange(1, 6))],
                "sum": "Total", "sum_op": "15000원",
            }
        if rng.random() < 0.5:
            t["social"] = {"like_count": rng.randrange(1000), "comment_count": rng.randrange(100)}
        t["buttons"] = buttons(rng, rng.randrange(1, 3))
    elif kind == "list":
        t = {"object_type": "list", "header_title": words(rng, 3), "header_link": link(rng),
             "contents": [content(rng) for _ in range(rng.randrange(2, 4))], "buttons": buttons(rng, rng.randrange(1, 3))}
    elif kind == "location":
        t = {"object_type": "location", "address": "경기 성남시 분당구 판교역로 235", "address_title": words(rng, 2),
             "content": content(rng), "buttons": buttons(rng, 1)}
    elif kind == "commerce":
        regular = rng.randrange(10, 500) * 1000
        t = {"object_type": "commerce", "content": content(rng),
             "commerce": {"regular_price": regular, "discount_price": regular * 7 // 10, "discount_rate": 30, "product_name": words(rng, 2), "currency_unit": "원"},
             "buttons": buttons(rng, rng.randrange(1, 3))}
    elif kind == "text":
        t = {"object_type": "text", "text": words(rng, 12), "link": link(rng), "buttons": buttons(rng, rng.randrange(0, 3))}
        if not t["buttons"]:
            del t["buttons"]
            t["button_title"] = words(rng, 1)
    else:
        t = {"object_type": "calendar", "id_type": "event", "id": str(rng.randrange(10**9)), "content": content(rng), "buttons": buttons(rng, 1)}
    return t


def break_it(rng, t):
    """Makes a template invalid in one of the ways people do."""
    choice = rng.randrange(5)
    if choice == 0 and "buttons" in t:
        t["buttons"] = buttons(rng, 3)
    elif choice == 1 and "content" in t:
        t["content"]["titel"] = t["content"].pop("title")
    elif choice == 2 and t["object_type"] == "commerce":
        t["commerce"]["regular_price"] = str(t["commerce"]["regular_price"])
    elif choice == 3 and t["object_type"] == "list":
        t["contents"] = t["contents"][:1]
    elif choice == 4 and t["object_type"] == "text":
        t["text"] = "   "  # blank text: an error (a 201-character text is only a warning)
    else:
        t["object_type_"] = "oops"  # unknown key: always an error
    return t


def break_more(rng, t):
    """The golden corpus's breakages: one of many mistakes, schema rules and lints,
    chosen among those that apply to this template."""
    kind = t["object_type"]
    content = t.get("content") or (t.get("contents") or [None])[0]
    image = content is not None and "image_url" in content
    fixes = [lambda: break_it(rng, t)]

    def when(condition, change):
        if condition:
            fixes.append(change)

    def put(obj, key, value):
        obj[key] = value

    when(content, lambda: put(content["link"], "web_url", content["link"]["web_url"].replace("https:", "http:")))  # plain_http
    when(image, lambda: put(content, "image_url", "ftp://cdn.example.com/a.png"))  # image_scheme
    when(image, lambda: (put(content, "image_width", 120), put(content, "image_height", 90)))  # small_image
    when(image, lambda: content.pop("image_height"))  # image_size_half
    when(image, lambda: put(content, "image_width", 640.5))  # not_integer
    when(content, lambda: put(content, "description", words(rng, 80)))  # truncated_text or too_long
    when(content, lambda: put(content, "title", "x" * 250))  # too_long
    when(content, lambda: put(content, "title", "a\u0007b".encode().decode("unicode_escape")))  # control_character
    when(content, lambda: put(content, "link", {}))  # an empty link object
    when(content, lambda: (put(content["link"], "android_execution_params", "just words"),
                           put(content["link"], "ios_execution_params", "id=1")))  # execution_params_format
    when(content, lambda: put(content["link"], "web_url", "https://exa mple.com/a"))  # invalid_url
    when(content, lambda: content.pop("title"))  # fine, or a content with less to show
    when("social" in t, lambda: put(t["social"], "like_count", -rng.randrange(1, 50)))  # negative_number
    when("social" in t, lambda: t["social"].update(shared_count=1, subscriber_count=2, view_count=3))  # social_over_three
    when(kind == "commerce", lambda: put(t["commerce"], "discount_rate", 150))  # discount_rate_range
    when(kind == "commerce", lambda: put(t["commerce"], "discount_price", t["commerce"]["regular_price"] + 1000))  # discount_not_lower
    when(kind == "commerce", lambda: put(t["commerce"], "fixed_discount_price", 1000))  # discount_conflict
    when(kind == "commerce", lambda: put(t["commerce"], "regular_price", 3_000_000_000))  # int_range
    when(kind == "calendar", lambda: put(t, "id_type", "evnt"))  # enum
    when(kind == "location", lambda: t.pop("address"))  # required
    when(kind == "text", lambda: (put(t, "button_title", "ignored"), put(t, "buttons", buttons(rng, 1))))  # button_title_ignored
    when(kind == "text", lambda: put(t, "text", "${name} ordered"))  # unresolved_placeholder (ktpl: undefined variable)
    when("buttons" in t, lambda: put(t["buttons"][0], "link", {}))  # empty_link
    when("buttons" in t, lambda: put(t["buttons"][0], "title", ""))  # too_short or blank_text
    when("item_content" in t, lambda: put(t["item_content"]["items"][0], "item_op", "about 3 bucks"))  # item_op_characters
    when("item_content" in t, lambda: put(t["item_content"], "items", []))  # too_few or empty
    when(content, lambda: put(content["link"], "web_url", "https://shop.example.org/a"))  # unregistered_domain
    when(content, lambda: put(content["link"], "mobile_web_url", "https://www.example.com/m"))  # domain_variant
    when(content, lambda: put(content["link"], "web_url", "myapp://open"))  # link_scheme
    rng.choice(fixes)()
    return t


def break_source(rng, text):
    """Mistakes only a .ktpl source can have: its JSON twin stays as it was."""
    lines = text.split("\n")
    choice = rng.randrange(6)
    if choice == 0:
        return text.rstrip().rstrip("}")  # missing_brace
    if choice == 1 and len(lines) > 3:
        lines.insert(2, lines[1])  # duplicate_field (or a duplicate block)
    elif choice == 2:
        lines[0] = lines[0].replace("{", "").rstrip() + "x {"  # unknown_template
    elif choice == 3 and len(lines) > 3:
        lines[1] = lines[1].replace('"', "", 1)  # unquoted or unterminated
    elif choice == 4 and len(lines) > 3:
        lines[1] = lines[1].replace(' "', ' "${nobody} ', 1)  # undefined_variable
    else:
        lines.insert(0, 'let unused = "never used"')  # unused_variable (a warning)
    return "\n".join(lines)


def q(s):
    return json.dumps(s, ensure_ascii=False)


def ktpl_link(name, l, indent):
    names = {"web_url": "web", "mobile_web_url": "mobile", "android_execution_params": "android", "ios_execution_params": "ios"}
    parts = [f"{names[key]}={q(value)}" for key, value in l.items()]
    if not parts:
        return f"{indent}{name} {{}}"
    return f"{indent}{name} " + " ".join(parts)


def ktpl_fields(obj, indent, skip=()):
    out = []
    for key, value in obj.items():
        if key in skip:
            continue
        if key == "link":
            out.append(ktpl_link("link", value, indent))
        elif isinstance(value, dict):
            out.append(f"{indent}{key} {{")
            out.extend(ktpl_fields(value, indent + "  "))
            out.append(f"{indent}}}")
        elif isinstance(value, list) and key == "items":
            out.extend(f"{indent}item {q(i['item'])} {q(i['item_op'])}" for i in value)
        elif isinstance(value, list):
            continue
        else:
            out.append(f"{indent}{key} {q(value)}")
    return out


def to_ktpl(t):
    kind = t["object_type"]
    lines = [f"{kind} {{"]
    for key, value in t.items():
        if key == "object_type":
            continue
        if key == "header_link":
            lines.append(ktpl_link("header_link", value, "  "))
        elif key == "contents":
            for c in value:
                lines.append("  content {")
                lines.extend(ktpl_fields(c, "    "))
                lines.append("  }")
        elif key == "buttons":
            for b in value:
                lines.append(f"  button {q(b['title'])} {{")
                lines.append(ktpl_link("link", b["link"], "    "))
                lines.append("  }")
        elif key == "link":
            lines.append(ktpl_link("link", value, "  "))
        elif isinstance(value, dict):
            lines.append(f"  {key} {{")
            lines.extend(ktpl_fields(value, "    "))
            lines.append("  }")
        else:
            lines.append(f"  {key} {q(value)}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main():
    args = sys.argv[1:]
    seed = 1
    golden = "--golden" in args
    if golden:
        args.remove("--golden")
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    out, n = args[0], int(args[1])
    rng = random.Random(seed)
    os.makedirs(os.path.join(out, "json"), exist_ok=True)
    os.makedirs(os.path.join(out, "ktpl"), exist_ok=True)
    kinds = ["feed", "list", "location", "commerce", "text", "calendar"]
    invalid = 0
    for i in range(n):
        t = template(rng, kinds[i % len(kinds)])
        source_broken = False
        if golden and rng.random() < 0.5:
            t = break_more(rng, t)
            invalid += 1
        elif golden and rng.random() < 0.3:
            source_broken = True
        elif not golden and rng.random() < 0.1:
            t = break_it(rng, t)
            invalid += 1
        name = f"{i:06d}"
        with open(os.path.join(out, "json", name + ".json"), "w", encoding="utf-8") as f:
            json.dump(t, f, ensure_ascii=False, indent=2)
        with open(os.path.join(out, "ktpl", name + ".ktpl"), "w", encoding="utf-8") as f:
            source = to_ktpl(t)
            f.write(break_source(rng, source) if source_broken else source)
    if golden:
        # Settings that reach the lints a default config never runs: registered domains,
        # a level raised and one allowed, and a low size limit.
        with open(os.path.join(out, "ktpl.toml"), "w", encoding="utf-8") as f:
            f.write('allowed_domains = ["example.com", "cdn.example.com"]\n'
                    "max_template_bytes = 1200\n\n[lints]\nsmall_image = \"error\"\ntap_goes_nowhere = \"allow\"\n")
    print(f"wrote {n} templates ({invalid} invalid) to {out}/json and {out}/ktpl")


if __name__ == "__main__":
    main()

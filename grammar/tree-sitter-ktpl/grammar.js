/**
 * @file The ktpl template language: Kakao Talk message templates, written readably.
 * @license MIT OR Apache-2.0
 *
 * This grammar follows `grammar/ktpl.pest`, the one the compiler parses with, rule for
 * rule: a file is `let` bindings and then one template block; everything inside is a
 * node (`name argument* block?`), an argument is a value or `key=value` with no spaces,
 * and a value is a string, a `"""` string or a number-like token. Like the pest grammar
 * it is permissive about names (which names go where is the compiler's business) and
 * lexes numbers loosely (`640x640`, `30%`, `208_800`). Strings are split into their
 * text, escapes and `${name}` variables, which the pest grammar leaves to the lowering,
 * so that editors can colour them.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

const NAME = /[A-Za-z_][A-Za-z0-9_]*/;
// A number-like token: digits first, then anything a literal could continue with.
const NUMBER = /-?[0-9][A-Za-z0-9_%.]*/;
// `\` and any one character (the lowering reports unknown ones); `\u{AC00}` whole.
const ESCAPE = /\\(u\{[0-9A-Fa-f]*\}|.|\n)/;

/**
 * The parts of a string between its quotes: text, escapes, `$${` (a literal `${`) and
 * `${name}`. Every token is immediate: nothing is skipped inside a string.
 *
 * @param {GrammarSymbols<string>} $
 * @param {RegExp} text the text that runs until the next stop character; it outranks a
 *   comment token, so `"https://x"` holds no comment
 * @param {RegExp[]} more other text, which a longer token may outrank (`""` is text in a
 *   `"""` string, but `"""` closes it)
 */
function stringParts($, text, more = []) {
  return repeat(
    choice(
      alias(token.immediate(prec(1, text)), $.string_content),
      ...more.map(other => alias(token.immediate(other), $.string_content)),
      // A `$` that starts no variable is text.
      alias(token.immediate('$'), $.string_content),
      alias(token.immediate(ESCAPE), $.escape_sequence),
      alias(token.immediate('$${'), $.escape_sequence),
      $.interpolation,
    ),
  );
}

module.exports = grammar({
  name: 'ktpl',

  // pest's WHITESPACE (space, tab, line breaks, a byte-order mark) and COMMENT.
  extras: $ => [/[ \t\n\r\uFEFF]/, $.comment],

  word: $ => $.name,

  // After a node's arguments, a name either opens the next node or is the key of a
  // `key=value` argument: only the `=` after it tells, one token later.
  conflicts: $ => [[$.node]],

  rules: {
    document: $ => seq(repeat($.binding), $.template),

    binding: $ => seq('let', field('name', $.name), '=', field('value', $._value)),

    template: $ => seq(field('name', $.name), field('body', $.block)),

    block: $ => seq('{', repeat($.node), '}'),

    node: $ =>
      seq(
        field('name', $.name),
        repeat(field('argument', choice($.keyed, $._value))),
        optional(field('body', $.block)),
      ),

    // `key=value`: no spaces on either side of `=` (pest's compound-atomic `keyed`).
    keyed: $ =>
      seq(field('key', $.name), token.immediate('='), field('value', $._immediate_value)),

    name: _ => NAME,

    _value: $ => choice($.raw_string, $.string, $.number),

    _immediate_value: $ =>
      choice(
        alias($._immediate_raw_string, $.raw_string),
        alias($._immediate_string, $.string),
        alias(token.immediate(NUMBER), $.number),
      ),

    number: _ => NUMBER,

    // "..." on one line.
    string: $ => seq('"', stringParts($, /[^"\\\n$]+/), token.immediate('"')),
    _immediate_string: $ =>
      seq(token.immediate('"'), stringParts($, /[^"\\\n$]+/), token.immediate('"')),

    // """...""" over several lines; one or two quotes inside are text.
    raw_string: $ => seq('"""', stringParts($, /[^"\\$]+/, [/""?/]), token.immediate('"""')),
    _immediate_raw_string: $ =>
      seq(token.immediate('"""'), stringParts($, /[^"\\$]+/, [/""?/]), token.immediate('"""')),

    // `${name}`, one token: a `${` that starts no well-formed variable is text, as in
    // pest's grammar (the lowering reports it as `ktpl::syntax::bad_variable`).
    interpolation: _ => token.immediate(seq('${', NAME, '}')),

    comment: _ => token(seq('//', /[^\n]*/)),
  },
});

//! The registry of diagnostic codes: every problem ktpl reports has one stable code.

use std::fmt;

/// How bad a problem is. Serialised as `"error"` or `"warning"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; does not fail `ktpl check`.
    Warning,
    /// The template is wrong; `ktpl check` fails.
    Error,
}

impl Severity {
    /// `error` or `warning`, as machine output spells it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $name:literal, $severity:ident, $summary:literal;)*) => {
        /// A stable diagnostic code, written `ktpl::<stage>::<name>`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in registry order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as users see and configure it.
            #[must_use]
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            /// The severity a problem with this code has unless configured otherwise.
            #[must_use]
            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// One line saying what the code is about.
            #[must_use]
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    IoRead => "ktpl::io::read", Error, "a file or folder could not be read";
    IoNotText => "ktpl::io::not_text", Error, "a file is not UTF-8 text";
    IoSymlinkLoop => "ktpl::io::symlink_loop", Error, "a symlink in a checked folder leads back into itself";
    IoNoTemplates => "ktpl::io::no_templates", Error, "a path given to `ktpl check` holds no template";

    SyntaxUnexpected => "ktpl::syntax::unexpected", Error, "the text does not follow the ktpl grammar";
    SyntaxUnterminatedString => "ktpl::syntax::unterminated_string", Error, "a string has no closing quote";
    SyntaxBadEscape => "ktpl::syntax::bad_escape", Error, "a backslash escape in a string is not one ktpl knows";
    SyntaxBadNumber => "ktpl::syntax::bad_number", Error, "a number, size or percentage is malformed";
    SyntaxBadVariable => "ktpl::syntax::bad_variable", Error, "a `${...}` reference is malformed";
    SyntaxUnquotedText => "ktpl::syntax::unquoted_text", Error, "text, a URL or a name is written without straight double quotes";
    SyntaxMissingBrace => "ktpl::syntax::missing_brace", Error, "a block is never closed with `}`";
    SyntaxEmptyFile => "ktpl::syntax::empty_file", Error, "the file holds no template";
    SyntaxTooDeep => "ktpl::syntax::too_deep", Error, "blocks are nested deeper than any template needs";

    CompileUnknownTemplate => "ktpl::compile::unknown_template", Error, "the template keyword is not one of the six Kakao types";
    CompileUnknownField => "ktpl::compile::unknown_field", Error, "a field name is not defined where it is used";
    CompileWrongBlock => "ktpl::compile::wrong_block", Error, "a field belongs to another template type or block";
    CompileDuplicateField => "ktpl::compile::duplicate_field", Error, "a field is given twice";
    CompileWrongType => "ktpl::compile::wrong_type", Error, "a value has the wrong type for its field";
    CompileBadArguments => "ktpl::compile::bad_arguments", Error, "a node has missing, extra or misplaced arguments";
    CompileUndefinedVariable => "ktpl::compile::undefined_variable", Error, "a `${name}` refers to a variable nobody defined";
    CompileDuplicateVariable => "ktpl::compile::duplicate_variable", Error, "a `let` binding is given twice";
    CompileExpansionTooLarge => "ktpl::compile::expansion_too_large", Error, "variables expand to more text than any template needs";
    CompileUnusedVariable => "ktpl::compile::unused_variable", Warning, "a `let` binding is never used";

    JsonSyntax => "ktpl::json::syntax", Error, "the file is not valid JSON";
    JsonDuplicateKey => "ktpl::json::duplicate_key", Error, "a JSON object has the same key twice";

    SchemaRequired => "ktpl::schema::required", Error, "a required field is missing";
    SchemaUnknownField => "ktpl::schema::unknown_field", Error, "a field is not defined for this object";
    SchemaType => "ktpl::schema::type", Error, "a value has the wrong JSON type";
    SchemaTooMany => "ktpl::schema::too_many", Error, "a list has more entries than Kakao allows";
    SchemaTooFew => "ktpl::schema::too_few", Error, "a list has fewer entries than Kakao requires";
    SchemaTooLong => "ktpl::schema::too_long", Error, "a text is longer than Kakao allows";
    SchemaTooShort => "ktpl::schema::too_short", Error, "a text is empty or shorter than Kakao requires";
    SchemaEnum => "ktpl::schema::enum", Error, "a value is not one of the allowed values";
    SchemaRange => "ktpl::schema::range", Error, "a number is outside the allowed range";
    SchemaNotInteger => "ktpl::schema::not_integer", Error, "a number is written with a decimal point or exponent where Kakao takes an integer";
    SchemaIntRange => "ktpl::schema::int_range", Error, "an integer is outside the 32-bit range Kakao's SDKs carry";
    SchemaWrappedTemplate => "ktpl::schema::wrapped_template", Error, "the template is wrapped in its `template_object` form field";
    SchemaOther => "ktpl::schema::other", Error, "the template breaks a schema rule";

    LintEmptyContent => "ktpl::lint::empty_content", Error, "a content has no title, image or description";
    LintEmptyLink => "ktpl::lint::empty_link", Error, "a button's link or a list's header link has no URL and no execution params";
    LintButtonTitleIgnored => "ktpl::lint::button_title_ignored", Warning, "`button_title` is ignored when `buttons` are given";
    LintSocialOverThree => "ktpl::lint::social_over_three", Warning, "only three social counts are shown";
    LintDiscountConflict => "ktpl::lint::discount_conflict", Error, "`discount_rate` and `fixed_discount_price` cannot be used together";
    LintUnregisteredDomain => "ktpl::lint::unregistered_domain", Error, "a link points to a domain not registered for the app";
    LintDomainVariant => "ktpl::lint::domain_variant", Warning, "a link host differs from a registered domain by port, scheme or sub-domain";
    LintLinkScheme => "ktpl::lint::link_scheme", Error, "a web link is not http(s) and not one of the app's native schemes";
    LintImageScheme => "ktpl::lint::image_scheme", Error, "an image URL is not http(s)";
    LintInvalidUrl => "ktpl::lint::invalid_url", Error, "a URL field does not hold an absolute URL";
    LintPlainHttp => "ktpl::lint::plain_http", Warning, "a URL uses plain `http://`";
    LintExecutionParamsFormat => "ktpl::lint::execution_params_format", Warning, "execution params are not a `key=value&...` query string";
    LintImageSizeHalf => "ktpl::lint::image_size_half", Warning, "an image declares its width without its height, or the reverse";
    LintSmallImage => "ktpl::lint::small_image", Warning, "a declared image side is under Kakao's 200 px minimum";
    LintDiscountNotLower => "ktpl::lint::discount_not_lower", Warning, "the discount price is not below the regular price";
    LintDiscountRateRange => "ktpl::lint::discount_rate_range", Warning, "a discount rate is outside 0..100";
    LintNegativeNumber => "ktpl::lint::negative_number", Warning, "a price or count is negative";
    LintUnresolvedPlaceholder => "ktpl::lint::unresolved_placeholder", Warning, "a `${...}` is left in a default template";
    LintMessageTooLarge => "ktpl::lint::message_too_large", Warning, "the template is larger than the configured size limit";
    LintTruncatedText => "ktpl::lint::truncated_text", Warning, "a text is longer than Kakao displays";
    LintEmptyObject => "ktpl::lint::empty_object", Warning, "an object with no fields shows nothing";
    TargetJsShareTooLarge => "ktpl::target::js_share_too_large", Error, "the template is over the 10 KB Kakao's SDKs share";
    TargetJsShareUrlLong => "ktpl::target::js_share_url_long", Warning, "the template URL-encoded is over the 10,000 characters version 1 of the JavaScript SDK opened";
    ImportUnwritable => "ktpl::import::unwritable", Error, "a template value ktpl cannot write as source";
    ImportCodeSyntax => "ktpl::import::code_syntax", Error, "an application code file given to `import` does not parse";
    ImportNoTemplate => "ktpl::import::no_template", Error, "a code file given to `import` holds no template object";
    ImportUnfollowable => "ktpl::import::unfollowable", Error, "a template is built from code import cannot read (a spread of a parameter, a computed key)";
    ImportDynamicEdit => "ktpl::import::dynamic_edit", Error, "a template is changed in a loop, a condition or another function";
    ImportDynamicValue => "ktpl::import::dynamic_value", Error, "a value known only at run time where Kakao takes a number, list or object";
    LintBlankText => "ktpl::lint::blank_text", Error, "a text Kakao needs is empty or only blank characters";
    LintFixedDiscountNotLower => "ktpl::lint::fixed_discount_not_lower", Error, "the fixed discount is not below the regular price";
    LintControlCharacter => "ktpl::lint::control_character", Error, "a text holds a control character other than newline and tab";
    LintItemOpCharacters => "ktpl::lint::item_op_characters", Warning, "an item's price text has characters Kakao's guide does not allow there";
    LintTapGoesNowhere => "ktpl::lint::tap_goes_nowhere", Warning, "the content's or text's link has no target, so a tap does nothing";

    OnlineImageUnreachable => "ktpl::online::image_unreachable", Error, "an image URL gives no answer, or an error status (`--online`)";
    OnlineNotAnImage => "ktpl::online::not_an_image", Error, "an image URL serves something that is not a PNG, JPEG, GIF or WebP image (`--online`)";
    OnlineImageTooLarge => "ktpl::online::image_too_large", Warning, "an image file is over Kakao's 2 MB limit (`--online`)";
    OnlineImageTooSmall => "ktpl::online::image_too_small", Warning, "a content image is under Kakao's 200 x 200 px minimum (`--online`)";
    OnlineImageRatio => "ktpl::online::image_ratio_mismatch", Warning, "an image's real shape differs from its declared `image_width`/`image_height` (`--online`)";
    OnlineLinkUnreachable => "ktpl::online::link_unreachable", Error, "a link gives no answer, or an error status (`--online`)";
    OnlineRedirectUnregistered => "ktpl::online::redirect_unregistered", Warning, "a link redirects to a host not in `allowed_domains` (`--online`)";
    OnlineRedirectOtherHost => "ktpl::online::redirect_other_host", Warning, "a link redirects to another host (`--online`)";
    OnlineRefused => "ktpl::online::refused", Warning, "a URL was not fetched: a private address, or not http(s) (`--online`)";
    OnlineNotChecked => "ktpl::online::not_checked", Warning, "a URL was not fetched before the overall time budget ran out (`--online`)";

    ConfigSyntax => "ktpl::config::syntax", Error, "`ktpl.toml` is not valid TOML";
    ConfigUnknownKey => "ktpl::config::unknown_key", Error, "`ktpl.toml` has a key ktpl does not know";
    ConfigBadValue => "ktpl::config::bad_value", Error, "a `ktpl.toml` setting has a value ktpl cannot use";
}

impl Code {
    /// The code with this name (`ktpl::lint::plain_http`, or for lints just
    /// `plain_http`), if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|code| {
            code.name() == name || (code.is_configurable() && code.short_name() == name)
        })
    }

    /// Every code `name` can mean: a full name (`ktpl::lint::plain_http`), one without
    /// the `ktpl::` prefix (`lint::plain_http`), or a short name (`plain_http`; two
    /// stages share a few, such as `unknown_field`).
    #[must_use]
    pub fn matching(name: &str) -> Vec<Code> {
        let name = name.trim();
        if let Some(code) = Code::ALL
            .iter()
            .copied()
            .find(|code| code.name() == name || code.name().strip_prefix("ktpl::") == Some(name))
        {
            return vec![code];
        }
        Code::ALL
            .iter()
            .copied()
            .filter(|code| code.short_name() == name)
            .collect()
    }

    /// The last part of the name (`plain_http`).
    #[must_use]
    pub fn short_name(self) -> &'static str {
        self.name().rsplit("::").next().unwrap_or_default()
    }

    /// Whether `ktpl.toml` may change this code's level: lints, online findings, and
    /// the warnings of other stages. Errors that make a template unusable cannot be
    /// silenced.
    #[must_use]
    pub fn is_configurable(self) -> bool {
        self.name().starts_with("ktpl::lint::")
            || self.name().starts_with("ktpl::online::")
            || self.default_severity() == Severity::Warning
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.name()), "{} twice", code.name());
            let parts: Vec<&str> = code.name().split("::").collect();
            assert_eq!(parts.len(), 3, "{}", code.name());
            assert_eq!(parts[0], "ktpl");
            assert_eq!(Code::from_name(code.name()), Some(*code));
            assert!(Code::matching(code.short_name()).contains(code));
            assert_eq!(Code::matching(&code.name()[6..]), vec![*code]);
        }
    }
}

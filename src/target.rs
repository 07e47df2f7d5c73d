//! The APIs a template is written for: Kakao's REST API (`snake_case` JSON) and the
//! JavaScript SDK (`Kakao.Share.sendDefault`, camelCase), whose client-side rules
//! differ in places (`validate::js_sdk`).

/// Which API a template is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Target {
    /// Kakao's REST API: the `template_object` form parameter.
    #[default]
    Rest,
    /// The JavaScript SDK's `Kakao.Share.sendDefault` object.
    Js,
}

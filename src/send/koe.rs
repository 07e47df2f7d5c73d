//! Kakao's sign-in errors in plain words: the `KOE…` codes kauth answers with (on the
//! sign-in page, on the redirect, and from the token endpoint), and OAuth's `error`
//! values. Sources: Kakao Login troubleshooting
//! (developers.kakao.com/docs/latest/ko/kakaologin/trouble-shooting) for KOE001–KOE201;
//! the others as the README's "Signing in" section lists.

/// What a `KOE…` code means and what to do; `redirect_uri` is the address ktpl used.
#[must_use]
pub fn explain(code: &str, redirect_uri: &str) -> String {
    match code {
        "KOE001" => "the sign-in request was malformed; run `ktpl login` again".to_owned(),
        "KOE002" => "the sign-in request went to a wrong address; check KAKAO_AUTH_BASE".to_owned(),
        "KOE003" => "Kakao's sign-in server had a temporary error; try again in a few seconds".to_owned(),
        "KOE004" => "Kakao Login is not switched on for this app: turn it on in the app console ([Kakao Login] > Activation)".to_owned(),
        "KOE005" => "the app is a test app and this Kakao account is not one of its members: add the account in the app console ([App] > [Members])".to_owned(),
        "KOE006" => format!("the redirect URI is not registered for this REST API key: register exactly `{redirect_uri}` in the app console ([App] > [Platform key] > [REST API key] > [Redirect URI]; older consoles: [Kakao Login] > [Redirect URI]), or pass the --port of one you registered"),
        "KOE007" => "the logout redirect URI is not registered".to_owned(),
        "KOE008" => "the app key is of the wrong type: use the app's REST API key as KAKAO_REST_API_KEY".to_owned(),
        "KOE009" => "the app's platform settings do not allow this sign-in (misconfigured): check the app's platform and REST API key settings".to_owned(),
        "KOE010" => "the client secret is missing or wrong: the app has a client secret switched on; set KAKAO_CLIENT_SECRET (or `client_secret` in kakao.toml) to the code from the app console, or switch the client secret off".to_owned(),
        "KOE101" => "the app key is wrong (a typo, or a key of another type): check KAKAO_REST_API_KEY against [App] > [Platform key] > [REST API key]".to_owned(),
        "KOE102" => "the app is not linked to the Kakao Talk Channel it asked for".to_owned(),
        "KOE201" => "the sign-in asked for an unsupported response type".to_owned(),
        "KOE205" => "a scope ktpl asked for is not set up as a consent item of the app: set it up in the app console ([Kakao Login] > [Consent items]: `talk_message` is 'Send Kakao Talk message', `friends` is 'Friends list in Kakao Service'), or leave it out of --scope".to_owned(),
        "KOE237" => "too many token requests for this user (Kakao allows 20 access tokens per 10 minutes): wait a few minutes and run `ktpl login` again".to_owned(),
        "KOE303" => format!("the redirect URI of the token request does not match the sign-in's (`{redirect_uri}`): run `ktpl login` again"),
        "KOE319" => "no refresh token was sent".to_owned(),
        "KOE320" => "the authorization code is invalid, expired or already used (a code works once, for a few minutes): run `ktpl login` again".to_owned(),
        "KOE322" => "the refresh token is expired or invalid: run `ktpl login` again".to_owned(),
        _ => "an error code ktpl does not know; see Kakao Login's troubleshooting page (developers.kakao.com/docs/latest/en/kakaologin/trouble-shooting)".to_owned(),
    }
}

/// What an OAuth `error` value from the redirect or the token endpoint means.
#[must_use]
pub fn explain_error(error: &str) -> &'static str {
    match error {
        "access_denied" => "the sign-in was cancelled, or consent was declined on Kakao's page",
        "invalid_request" => "the request was malformed",
        "invalid_client" => "the app key or client secret is wrong",
        "invalid_scope" => "a requested scope is not a consent item of the app",
        "invalid_grant" => "the code or refresh token is invalid, expired or already used",
        "misconfigured" => "the app's platform settings are wrong",
        "unauthorized" => "the app has no permission for this",
        "server_error" => "Kakao's sign-in server failed; try again",
        _ => "an error Kakao's SDKs do not list",
    }
}

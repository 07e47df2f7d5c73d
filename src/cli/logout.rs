//! `ktpl logout`: log out at Kakao (the tokens stop working) and remove the stored
//! sign-in. The sign-in is removed even when Kakao cannot be told.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use crate::report::exit;
use crate::send::credentials::Credentials;
use crate::send::error::{KakaoError, SendError};
use crate::send::store;

use super::input::{client_for, env, fail};

/// Runs `ktpl logout`.
pub(crate) fn logout(api_base: Option<&str>) -> u8 {
    let Some(path) = store::path(&env) else {
        println!("Not signed in (ktpl has no config folder: HOME and XDG_CONFIG_HOME are unset).");
        return exit::OK;
    };
    let sign_in = match store::load(&path) {
        Ok(Some(sign_in)) => sign_in,
        Ok(None) => {
            println!("Not signed in; nothing to remove.");
            return exit::OK;
        }
        Err(error) => return fail(&error),
    };
    let told = client_for(Credentials::from_sign_in(sign_in, path.clone()), api_base)
        .and_then(|mut client| client.logout());
    if let Err(error) = store::remove(&path) {
        return fail(&error);
    }
    match told {
        Ok(()) => {
            println!(
                "Logged out at Kakao and removed the sign-in from {}.",
                path.display()
            );
            exit::OK
        }
        // The token was dead already: there is nothing left to log out.
        Err(SendError::Kakao(KakaoError { code: -401, .. })) => {
            println!(
                "Removed the sign-in from {} (its token had already expired at Kakao).",
                path.display()
            );
            exit::OK
        }
        Err(error) => {
            println!("Removed the sign-in from {}.", path.display());
            eprintln!(
                "error: Kakao could not be told to log out: {error}\n  the removed access token keeps working at Kakao until it expires (hours); to cut it off now, unlink the app in your Kakao account's settings"
            );
            exit::REQUEST_FAILED
        }
    }
}

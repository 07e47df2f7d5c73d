//! Where ktpl keeps the sign-in (config folder) and the quota ledger (state folder):
//! `$XDG_CONFIG_HOME/ktpl` and `$XDG_STATE_HOME/ktpl` when set, else the platform's
//! place under the home folder. Read from the environment only: with no `HOME` there is
//! no folder (never a guess from the password database), so a run with a cleared
//! environment, such as a test, cannot touch the real ones.

use std::path::PathBuf;

/// Reads an environment variable (injected, so tests and callers choose).
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

fn set(env: Env<'_>, name: &str) -> Option<PathBuf> {
    env(name)
        .filter(|value| !value.trim().is_empty())
        .map(PathBuf::from)
        .filter(|path| path.is_absolute())
}

/// ktpl's config folder: `$XDG_CONFIG_HOME/ktpl`, else `~/.config/ktpl` (Linux and other
/// Unix), `~/Library/Application Support/ktpl` (macOS), `%APPDATA%\ktpl` (Windows).
#[must_use]
pub fn config_dir(env: Env<'_>) -> Option<PathBuf> {
    let base = set(env, "XDG_CONFIG_HOME").or_else(|| {
        if cfg!(windows) {
            set(env, "APPDATA")
        } else if cfg!(target_os = "macos") {
            set(env, "HOME").map(|home| home.join("Library/Application Support"))
        } else {
            set(env, "HOME").map(|home| home.join(".config"))
        }
    })?;
    Some(base.join("ktpl"))
}

/// ktpl's state folder: `$XDG_STATE_HOME/ktpl`, else `~/.local/state/ktpl` (Linux and
/// other Unix), `~/Library/Application Support/ktpl/state` (macOS),
/// `%LOCALAPPDATA%\ktpl` (Windows).
#[must_use]
pub fn state_dir(env: Env<'_>) -> Option<PathBuf> {
    if let Some(state) = set(env, "XDG_STATE_HOME") {
        return Some(state.join("ktpl"));
    }
    if cfg!(windows) {
        set(env, "LOCALAPPDATA").map(|base| base.join("ktpl"))
    } else if cfg!(target_os = "macos") {
        set(env, "HOME").map(|home| home.join("Library/Application Support/ktpl/state"))
    } else {
        set(env, "HOME").map(|home| home.join(".local/state/ktpl"))
    }
}

/// Creates `dir` and its parents, the new ones readable by the owner only.
pub fn create_private(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(all(test, unix, not(target_os = "macos")))]
mod tests {
    use super::*;

    #[test]
    fn xdg_wins_then_home_and_nothing_without_either() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let xdg = env(&[
            ("XDG_CONFIG_HOME", "/x/c"),
            ("XDG_STATE_HOME", "/x/s"),
            ("HOME", "/h"),
        ]);
        assert_eq!(config_dir(&xdg), Some(PathBuf::from("/x/c/ktpl")));
        assert_eq!(state_dir(&xdg), Some(PathBuf::from("/x/s/ktpl")));
        let home = env(&[("HOME", "/h"), ("XDG_CONFIG_HOME", "relative")]);
        assert_eq!(config_dir(&home), Some(PathBuf::from("/h/.config/ktpl")));
        assert_eq!(
            state_dir(&home),
            Some(PathBuf::from("/h/.local/state/ktpl"))
        );
        let none = env(&[]);
        assert_eq!(config_dir(&none), None);
        assert_eq!(state_dir(&none), None);
    }
}

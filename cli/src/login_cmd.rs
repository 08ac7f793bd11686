//! `triplink login` and `triplink token show|refresh|revoke`: tokens kept in the file store
//! (0600), shown masked with their expiry and geolocation.

use crate::args::{Cli, LoginArgs, LoginGrant, TokenCommand};
use crate::error::{failed, CliError};
use crate::session::Session;
use std::io::BufRead;
use std::time::{SystemTime, UNIX_EPOCH};
use triplink::api::oauth::Grant;
use triplink::model::TokenSet;
use triplink::Secret;

/// A secret from `var`, or from the first line of stdin when `stdin` is set.
fn secret(var: &str, stdin: bool, what: &str) -> Result<Secret, CliError> {
    if stdin {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| failed(&format!("reading the {what} from stdin"), e))?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            return Err(CliError::Failed(format!("no {what} on stdin")));
        }
        return Ok(Secret::new(line));
    }
    std::env::var(var)
        .map(Secret::new)
        .map_err(|_| CliError::Failed(format!("{var} is not set (or pass the {what} on stdin)")))
}

/// Runs `login`.
pub async fn login(cli: &Cli, args: &LoginArgs) -> Result<(), CliError> {
    let session = Session::open(cli)?;
    let grant = match &args.grant {
        LoginGrant::Password {
            username,
            password_stdin,
        } => Grant::Password {
            username: username.clone(),
            password: secret("TRIPLINK_PASSWORD", *password_stdin, "password")?,
        },
        LoginGrant::Company {
            company_id,
            token_stdin,
        } => Grant::CompanyAuthToken {
            company_id: company_id.clone(),
            request_token: secret("TRIPLINK_REQUEST_TOKEN", *token_stdin, "request token")?,
        },
        LoginGrant::AppCenter {
            user_id,
            token_stdin,
        } => Grant::AppCenterUser {
            user_id: user_id.clone(),
            request_token: secret("TRIPLINK_REQUEST_TOKEN", *token_stdin, "request token")?,
        },
        LoginGrant::ClientCredentials => Grant::ClientCredentials,
    };
    let set = session
        .tokens
        .login(&args.key, None, &grant)
        .await
        .map_err(|e| failed("login failed", e))?;
    println!("logged in; tokens kept under `{}`", args.key);
    print!("{}", describe(&args.key, &set));
    Ok(())
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// `1733140000` → `2024-12-02T11:46:40Z (in 59 min)`.
fn when(at: u64) -> String {
    let stamp = i64::try_from(at)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| at.to_string());
    let now = now();
    let rel = if at > now {
        format!("in {} min", (at - now).div_ceil(60))
    } else {
        format!("expired {} min ago", (now - at) / 60)
    };
    format!("{stamp} ({rel})")
}

/// A secret shown by its length only.
fn masked(s: &Secret) -> String {
    format!("•••••• ({} characters)", s.expose().chars().count())
}

/// The kept tokens, masked.
fn describe(key: &str, set: &TokenSet) -> String {
    let mut out = format!(
        "key:            {key}\ntype:           {}\naccess token:   {}\nexpires:        {}\n",
        set.token_type,
        masked(&set.access_token),
        when(set.expires_at)
    );
    match (&set.refresh_token, set.refresh_expires_at) {
        (Some(r), Some(at)) => {
            out += &format!("refresh token:  {}, expires {}\n", masked(r), when(at))
        }
        (Some(r), None) => out += &format!("refresh token:  {}\n", masked(r)),
        (None, _) => out += "refresh token:  none\n",
    }
    out += &format!(
        "geolocation:    {}\nscope:          {}\n",
        set.geolocation.as_deref().unwrap_or("unknown"),
        set.scope.as_deref().unwrap_or("-")
    );
    out
}

/// Runs `token show|refresh|revoke`.
pub async fn token(cli: &Cli, command: &TokenCommand) -> Result<(), CliError> {
    let session = Session::open(cli)?;
    let store = session.tokens.store().clone();
    let load = |key: String| {
        let store = store.clone();
        async move {
            store
                .load(&key)
                .await
                .map_err(|e| failed("token file", e))?
                .ok_or_else(|| {
                    CliError::Failed(format!(
                        "no tokens kept under `{key}` (run `triplink login` first)"
                    ))
                })
        }
    };
    match command {
        TokenCommand::Show { key } => {
            print!("{}", describe(key, &load(key.clone()).await?));
        }
        TokenCommand::Refresh { key } => {
            let current = load(key.clone()).await?;
            // The manager refreshes once for a token it is told was refused: this one.
            session
                .tokens
                .on_unauthorized(key, &current.access_token)
                .await
                .map_err(|e| failed("refresh failed", e))?;
            let fresh = load(key.clone()).await?;
            println!("refreshed");
            print!("{}", describe(key, &fresh));
        }
        TokenCommand::Revoke { key } => {
            load(key.clone()).await?;
            session
                .tokens
                .revoke(key)
                .await
                .map_err(|e| failed("revoke failed", e))?;
            println!("revoked; tokens under `{key}` forgotten");
        }
    }
    Ok(())
}

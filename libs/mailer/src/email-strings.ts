/**
 * The English texts of the i18n keys Rocket.Chat's e-mail templates use (`{Key}` in a template), from its
 * `en.i18n.json`. `__Name__` inside a text is a placeholder, replaced like `[Name]`.
 */
export const EMAIL_STRINGS: Readonly<Record<string, string>> = {
  Welcome_to: 'Welcome to __Site_Name__',
  Visit_Site_Url_and_try_the_best_open_source_chat_solution_available_today:
    'Visit __Site_URL__ and try the best open source chat solution available today!',
  Login: 'Login',
  Verification_Email_Subject: '[Site_Name] - Email address verification',
  Hi_username: 'Hi __name__',
  Hi: 'Hi',
  Accounts_Admin_Email_Approval_Needed_Subject_Default: 'A new user registered and needs approval',
  Accounts_Admin_Email_Approval_Needed_Default:
    '<p>The user <b>[email]</b> has been registered.</p><p>Please check "Administration -> Users" to activate or delete it.</p>',
  Accounts_Admin_Email_Approval_Needed_With_Reason_Default:
    '<p>The user <b>[email]</b> has been registered.</p><p><b>Reason: [reason]</b></p><p>Please check "Administration -> Users" to activate or delete it.</p>',
  Accounts_Email_Activated: '[name]<br/><br/><p>Your account was activated.</p>',
  Accounts_Email_Activated_Subject: 'Account activated',
  Accounts_Email_Approved: '[name]<br/><br/><p>Your account was approved.</p>',
  Accounts_Email_Approved_Subject: 'Account approved',
  Accounts_Email_Deactivated: '[name]<br/><br/><p>Your account was deactivated.</p>',
  Accounts_Email_Deactivated_Subject: 'Account deactivated',
  Password_Changed_Email_Subject: '[Site_Name] - Password Changed Successfully',
  Your_password_was_changed_by_an_admin: 'Your password was changed by an admin.',
  Your_temporary_password_is_password: 'Your temporary password is <strong>[password]</strong>.',
  Verification_email_body: 'Please, click on the button below to confirm your email address.',
  Verify_your_email: 'Verify your email',
  Forgot_Password_Email_Subject: '[Site_Name] - Password Recovery',
  Forgot_password: 'Forgot your password?',
  Lets_get_you_new_one_: "Let's get you a new one!",
  Lets_get_you_new_one: "Let's get you a new one!",
  Reset: 'Reset',
  If_you_didnt_ask_for_reset_ignore_this_email: "If you didn't ask for your password reset, you can ignore this email.",
  Here_is_your_authentication_code: 'Here is your authentication code:',
  Do_not_provide_this_code_to_anyone: 'Do not provide this code to anyone.',
  If_you_didnt_try_to_login_in_your_account_please_ignore_this_email:
    "If you didn't try to login in your account please ignore this email.",
};

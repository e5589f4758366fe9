import { select, type SettingDefinition } from './setting-definition.js';

/**
 * Rocket.Chat's `Email` group (SMTP, header and footer, the account e-mails' subjects and bodies) and the
 * e-mail second factor's settings of its `Accounts` group. Templates keep Rocket.Chat's syntax: `{Key}` is an
 * i18n key, `[Placeholder]` a value (`[Site_Name]`, `[Site_URL]`, `[name]`, `[Forgot_Password_Url]`, …).
 */
export const EMAIL_SETTINGS: SettingDefinition[] = [
  // SMTP
  {
    _id: 'SMTP_Protocol',
    type: 'select',
    packageValue: 'smtp',
    public: false,
    group: 'Email',
    section: 'SMTP',
    values: select('smtp', 'smtps'),
  },
  { _id: 'SMTP_Host', type: 'string', packageValue: '', public: false, group: 'Email', section: 'SMTP' },
  { _id: 'SMTP_Port', type: 'string', packageValue: '', public: false, group: 'Email', section: 'SMTP' },
  { _id: 'SMTP_IgnoreTLS', type: 'boolean', packageValue: true, public: false, group: 'Email', section: 'SMTP' },
  { _id: 'SMTP_Pool', type: 'boolean', packageValue: true, public: false, group: 'Email', section: 'SMTP' },
  { _id: 'SMTP_Username', type: 'string', packageValue: '', public: false, group: 'Email', section: 'SMTP' },
  { _id: 'SMTP_Password', type: 'password', packageValue: '', public: false, group: 'Email', section: 'SMTP' },
  { _id: 'From_Email', type: 'string', packageValue: '', public: false, group: 'Email', section: 'SMTP' },
  // Style and frame
  { _id: 'email_plain_text_only', type: 'boolean', packageValue: false, public: false, group: 'Email', section: 'Style' },
  {
    _id: 'Email_Header',
    type: 'code',
    packageValue:
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml"><head><meta name="viewport" content="width=device-width" /><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /><title>[Site_Name]</title></head><body bgcolor="#F7F8FA"><table class="body" bgcolor="#F7F8FA" width="100%"><tr><td><table class="wrap" bgcolor="#F7F8FA"><tr><td class="header container"><div class="header-content"><table bgcolor="#F7F8FA" width="100%"><tr><td><img src="[Site_URL_Slash]assets/logo.png" alt="[Site_Name]" width="150px" /></td></tr></table></div></td></tr></table></td></tr><tr><td><table class="wrap"><tr><td class="container" bgcolor="#FFFFFF"><div class="content"><table><tr><td>',
    public: false,
    group: 'Email',
    section: 'Header_and_Footer',
  },
  {
    _id: 'Email_Footer',
    type: 'code',
    packageValue:
      '</td></tr></table></div></td></tr></table></td></tr><tr style="margin: 0; padding: 0;"><td style="margin: 0; padding: 0;"><table class="wrap"><tr><td class="container"><div class="content"><table width="100%"><tr><td align="center"><h6>[Site_Name] · <a href="[Site_URL]">[Site_URL]</a></h6></td></tr></table></div></td></tr></table></td></tr></table></body></html>',
    public: false,
    group: 'Email',
    section: 'Header_and_Footer',
  },
  // Registration (the welcome e-mail sent when a new user's username is first set)
  {
    _id: 'Accounts_Enrollment_Email_Subject',
    type: 'string',
    packageValue: '{Welcome_to Site_Name}',
    public: false,
    group: 'Email',
    section: 'Registration',
  },
  {
    _id: 'Accounts_Enrollment_Email',
    type: 'code',
    packageValue:
      '<h2>{Welcome_to Site_Name}</h2><p>{Visit_Site_Url_and_try_the_best_open_source_chat_solution_available_today}</p><a class="btn" target="_blank" href="[Site_URL]">{Login}</a>',
    public: false,
    group: 'Email',
    section: 'Registration',
  },
  // Verification
  {
    _id: 'Verification_Email_Subject',
    type: 'string',
    packageValue: '{Verification_Email_Subject}',
    public: false,
    group: 'Email',
    section: 'Verification',
  },
  {
    _id: 'Verification_Email',
    type: 'code',
    packageValue:
      '<h2>{Hi_username}</h2><p>{Verification_email_body}</p><a class="btn" target="_blank" href="[Verification_Url]">{Verify_your_email}</a>',
    public: false,
    group: 'Email',
    section: 'Verification',
  },
  // Forgot password
  {
    _id: 'Forgot_Password_Email_Subject',
    type: 'string',
    packageValue: '{Forgot_Password_Email_Subject}',
    public: false,
    group: 'Email',
    section: 'Forgot_password_section',
  },
  {
    _id: 'Forgot_Password_Email',
    type: 'code',
    packageValue:
      '<h2>{Forgot_password}</h2><p>{Lets_get_you_new_one}</p><a class="btn" href="[Forgot_Password_Url]">{Reset}</a><p class="advice">{If_you_didnt_ask_for_reset_ignore_this_email}</p>',
    public: false,
    group: 'Email',
    section: 'Forgot_password_section',
  },
  // The e-mail second factor (Rocket.Chat's Accounts > Two Factor Authentication).
  {
    _id: 'Accounts_TwoFactorAuthentication_By_Email_Enabled',
    type: 'boolean',
    packageValue: true,
    public: true,
    group: 'Accounts',
    section: 'Two Factor Authentication',
  },
  {
    _id: 'Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In',
    type: 'boolean',
    packageValue: true,
    public: false,
    group: 'Accounts',
    section: 'Two Factor Authentication',
  },
  {
    _id: 'Accounts_TwoFactorAuthentication_By_Email_Code_Expiration',
    type: 'int',
    packageValue: 3600,
    public: false,
    group: 'Accounts',
    section: 'Two Factor Authentication',
  },
  {
    _id: 'Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts',
    type: 'int',
    packageValue: 5,
    public: false,
    group: 'Accounts',
    section: 'Two Factor Authentication',
  },
  // Offline e-mail notifications (mentions and direct messages to members who are not online)
  { _id: 'Accounts_AllowEmailNotifications', type: 'boolean', packageValue: true, public: true, group: 'Accounts', section: 'Preferences' },
  {
    _id: 'Accounts_Default_User_Preferences_emailNotificationMode',
    type: 'select',
    packageValue: 'mentions',
    public: true,
    group: 'Accounts',
    section: 'Accounts_Default_User_Preferences',
    values: select('nothing', 'mentions'),
  },
  { _id: 'Email_notification_show_message', type: 'boolean', packageValue: true, public: false, group: 'Email', section: 'Subject' },
  {
    _id: 'Offline_DM_Email',
    type: 'code',
    packageValue: '[[Site_Name]] You have been direct messaged by [User]',
    public: false,
    group: 'Email',
    section: 'Subject',
  },
  {
    _id: 'Offline_Mention_Email',
    type: 'code',
    packageValue: '[[Site_Name]] You have been mentioned by [User] in #[Room]',
    public: false,
    group: 'Email',
    section: 'Subject',
  },
  {
    _id: 'Offline_Mention_All_Email',
    type: 'code',
    packageValue: '[User] has posted a message in #[Room]',
    public: false,
    group: 'Email',
    section: 'Subject',
  },
];

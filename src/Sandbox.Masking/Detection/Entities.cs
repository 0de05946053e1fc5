namespace Sandbox.Masking.Detection;

/// <summary>The entity names of the <c>mask detect</c> JSON contract and their default classification levels.</summary>
public static class Entities
{
    /// <summary>Resident identity card number (GB 11643), level 4.</summary>
    public const string ResidentId = "cn_resident_id";
    /// <summary>Mobile phone number, level 3.</summary>
    public const string Mobile = "cn_mobile";
    /// <summary>Fixed-line phone number with area code, level 3.</summary>
    public const string Landline = "cn_landline";
    /// <summary>Unified social credit code (GB 32100) of an organization; not personal, level 1.</summary>
    public const string Uscc = "cn_uscc";
    /// <summary>Bank card number (Luhn), level 4.</summary>
    public const string BankCard = "bank_card";
    /// <summary>E-mail address, level 3.</summary>
    public const string Email = "email";
    /// <summary>Person's name, level 3.</summary>
    public const string PersonName = "person_name";
    /// <summary>Postal address, level 3.</summary>
    public const string Address = "address";
    /// <summary>Vehicle licence plate, level 3.</summary>
    public const string LicensePlate = "cn_license_plate";
    /// <summary>Passport or Hong Kong/Macau/Taiwan travel permit number, level 4.</summary>
    public const string Passport = "passport";
    /// <summary>IPv4 or IPv6 address, level 3.</summary>
    public const string IpAddress = "ip_address";
    /// <summary>Date of birth, level 3.</summary>
    public const string DateOfBirth = "date_of_birth";
    /// <summary>Free text in which detectors find sensitive values, level 3.</summary>
    public const string FreeTextPii = "free_text_pii";

    /// <summary>Every entity name of the contract.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        ResidentId, Mobile, Landline, Uscc, BankCard, Email, PersonName,
        Address, LicensePlate, Passport, IpAddress, DateOfBirth, FreeTextPii,
    ];

    /// <summary>The level a column of <paramref name="entity"/> gets by default; 1 for null or an unknown name.</summary>
    public static int DefaultLevel(string? entity) => entity switch
    {
        ResidentId or BankCard or Passport => 4,
        Mobile or Landline or Email or PersonName or Address or LicensePlate
            or IpAddress or DateOfBirth or FreeTextPii => 3,
        _ => 1, // cn_uscc and company data are not personal
    };
}

using CsCheck;
using RiskAlerts.Core.Enterprises;

namespace RiskAlerts.UnitTests.Enterprises;

public sealed class UnifiedSocialCreditCodeTests
{
    // Codes of registered organisations as published in public documents; each was checked
    // against the GB 32100-2015 algorithm before being added here.
    public static TheoryData<string, string> RegisteredCodes => new()
    {
        // 北京百度网讯科技有限公司: business registration record (海淀分局, organisation code 802100433).
        { "91110000802100433B", "110000" },
        // 武汉光庭信息技术股份有限公司 (listed, 301221): prospectus and annual reports.
        { "91420100568359390C", "420100" },
        // A subsidiary of 杭州市城市建设投资集团有限公司: its bond prospectus ("2017年9月7日由杭州市市场监督管理局换发").
        { "91330100470102706G", "330100" },
        // 广州博鳌纵横网络科技有限公司: company registration notice.
        { "91440106074639077N", "440106" },
        // 盘锦信朋缘劳务有限公司: company registration notice.
        { "91211103MA10E6140W", "211103" },
        // 浙江大学 (public institution, department 1): university payment notice.
        { "12100000470095016Q", "100000" },
        // 复旦大学 (public institution): invoice header.
        { "12100000425006117P", "100000" },
        // 上海工程技术大学 (public institution): university invoice details.
        { "12310000425022547M", "310000" },
    };

    [Theory]
    [MemberData(nameof(RegisteredCodes))]
    public void AcceptsCodesOfRegisteredOrganisations(string text, string division)
    {
        Assert.True(UnifiedSocialCreditCode.TryParse(text, out var code, out var reason), reason);
        Assert.Equal(text, code.Value);
        Assert.Equal(division, code.DivisionCode);
        Assert.Equal(text[17], UnifiedSocialCreditCode.ComputeCheckCharacter(text.AsSpan(0, 17)));
    }

    [Fact]
    public void ExposesItsParts()
    {
        var code = UnifiedSocialCreditCode.Parse("91110000802100433B");

        Assert.Equal('9', code.RegistrationDepartment);
        Assert.Equal('1', code.OrganisationType);
        Assert.Equal("110000", code.DivisionCode);
        Assert.Equal("802100433", code.OrganisationIdentifier);
        Assert.Equal('B', code.CheckCharacter);
    }

    [Theory]
    [InlineData("91110000802100433b")]
    [InlineData("  9111 0000 8021 0043 3B ")]
    [InlineData("９１１１００００８０２１００４３３Ｂ")]
    public void NormalisesCaseWhitespaceAndFullWidthCharacters(string text)
    {
        var code = UnifiedSocialCreditCode.Parse(text);

        Assert.Equal(UnifiedSocialCreditCode.Parse("91110000802100433B"), code);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("91110000802100433", "has 17 characters")]
    [InlineData("91110000802100433BB", "has 19 characters")]
    public void RejectsCodeWithWrongLength(string text, string expected)
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(text, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("91110000802100I33B", 'I', 15)]
    [InlineData("9111000080210043OB", 'O', 17)]
    [InlineData("Z1110000802100433B", 'Z', 1)]
    [InlineData("91110000802S00433B", 'S', 12)]
    [InlineData("91110000802100433V", 'V', 18)]
    public void RejectsCodeWithCharacterOutsideTheAlphabetNamingCharacterAndPosition(string text, char character, int position)
    {
        Assert.False(UnifiedSocialCreditCode.TryParse(text, out _, out var reason));
        Assert.Contains($"'{character}' at position {position}", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsLetterInTheDivisionCode()
    {
        var first17 = "9111A000802100433";
        var text = first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17);

        Assert.False(UnifiedSocialCreditCode.TryParse(text, out _, out var reason));
        Assert.Contains("position 5", reason, StringComparison.Ordinal);
        Assert.Contains("division code", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsCodeWithWrongCheckCharacterNamingTheExpectedOne()
    {
        Assert.False(UnifiedSocialCreditCode.TryParse("91110000802100433C", out _, out var reason));
        Assert.Contains("require 'B'", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void MapsCheckValueThirtyOneToZero()
    {
        // Search for a body whose weighted sum is a multiple of 31: its check must be '0', not out of range.
        var body = Enumerable.Range(0, 31)
            .Select(i => "9111000080210043" + UnifiedSocialCreditCode.Alphabet[i])
            .First(b => UnifiedSocialCreditCode.ComputeCheckCharacter(b) == '0');

        Assert.True(UnifiedSocialCreditCode.TryParse(body + "0", out _));
    }

    [Fact]
    public void RejectsEverySingleCharacterSubstitutionOfAValidCode()
    {
        var validCodes = Gen.Char[UnifiedSocialCreditCode.Alphabet].Array[17]
            .Select(chars =>
            {
                for (var i = 2; i < 8; i++)
                {
                    chars[i] = (char)('0' + (chars[i] % 10));
                }

                return UnifiedSocialCreditCode.FromFirst17(new string(chars)).Value;
            });

        Gen.Select(validCodes, Gen.Int[0, 17], Gen.Char[UnifiedSocialCreditCode.Alphabet]).Sample((code, position, replacement) =>
        {
            if (code[position] == replacement)
            {
                return;
            }

            var mutated = string.Concat(code.AsSpan(0, position), replacement.ToString(), code.AsSpan(position + 1));
            Assert.False(UnifiedSocialCreditCode.TryParse(mutated, out _), $"{mutated} (from {code}) was accepted");
        });
    }

    [Theory]
    [MemberData(nameof(RegisteredCodes))]
    public void RejectsEverySubstitutionOfARegisteredCode(string text, string division)
    {
        _ = division;
        for (var position = 0; position < 18; position++)
        {
            foreach (var replacement in UnifiedSocialCreditCode.Alphabet)
            {
                if (replacement == text[position])
                {
                    continue;
                }

                var mutated = string.Concat(text.AsSpan(0, position), replacement.ToString(), text.AsSpan(position + 1));
                Assert.False(UnifiedSocialCreditCode.TryParse(mutated, out _), mutated);
            }
        }
    }

    [Fact]
    public void GeneratedCodesRoundTripThroughParse()
    {
        Gen.Char[UnifiedSocialCreditCode.Alphabet].Array[9].Sample(identifier =>
        {
            var code = UnifiedSocialCreditCode.FromFirst17("91220102" + new string(identifier));

            Assert.Equal(code, UnifiedSocialCreditCode.Parse(code.Value));
            Assert.Equal("220102", code.DivisionCode);
        });
    }
}

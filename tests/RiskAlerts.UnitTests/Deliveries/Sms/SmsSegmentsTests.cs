using RiskAlerts.Core.Deliveries.Sms;

namespace RiskAlerts.UnitTests.Deliveries.Sms;

public sealed class SmsSegmentsTests
{
    private const string Emoji = "\U0001F600";

    [Fact]
    public void An_empty_text_still_costs_one_segment() => Assert.Equal(1, SmsSegments.Count(string.Empty));

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    [InlineData(201, 3)]
    [InlineData(202, 4)]
    public void Chinese_text_fits_70_in_one_segment_and_67_per_part_beyond(int length, int expected) =>
        Assert.Equal(expected, SmsSegments.Count(new string('警', length)));

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Plain_latin_text_fits_160_in_one_segment_and_153_per_part_beyond(int length, int expected) =>
        Assert.Equal(expected, SmsSegments.Count(new string('a', length)));

    [Fact]
    public void A_single_chinese_character_turns_the_whole_text_into_ucs2()
    {
        Assert.Equal(1, SmsSegments.Count(new string('a', 69) + "中"));
        Assert.Equal(2, SmsSegments.Count(new string('a', 70) + "中"));
        Assert.False(SmsSegments.IsGsm7("ok 中"));
    }

    [Fact]
    public void Gsm7_extension_characters_cost_two_septets()
    {
        Assert.True(SmsSegments.IsGsm7("€[]"));
        Assert.Equal(160, SmsSegments.Length(new string('€', 80)));
        Assert.Equal(1, SmsSegments.Count(new string('€', 80)));
        Assert.Equal(2, SmsSegments.Count(new string('€', 80) + "a"));
    }

    [Fact]
    public void A_character_outside_the_basic_plane_counts_as_two_code_units()
    {
        Assert.Equal(1, SmsSegments.Count(new string('警', 68) + Emoji));
        Assert.Equal(2, SmsSegments.Count(new string('警', 69) + Emoji));
        Assert.Equal(71, SmsSegments.Length(new string('警', 69) + Emoji));
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_across_parts()
    {
        // 134 code units would fill exactly two parts of 67, but the pair at units 67-68 moves whole.
        var text = new string('警', 66) + Emoji + new string('警', 66);
        Assert.Equal(134, text.Length);
        Assert.Equal(3, SmsSegments.Count(text));
    }
}

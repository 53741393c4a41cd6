// What every Candor model predicts: conversion within this many days of the score.
export const CONVERSION_WINDOW_DAYS = 90;
export const TARGET = "converted";
